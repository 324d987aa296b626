import { Body1, Button, Caption1, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowSyncRegular } from "@fluentui/react-icons";
import type { SelectedMessage } from "../../office";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground2 },
});

/** Several messages selected (Mailbox 1.13+): sync them at once; only the customer emails among them upload. */
export function SelectionView({
  items,
  busy,
  supported,
  onSync,
}: {
  items: SelectedMessage[];
  busy: boolean;
  supported: boolean;
  onSync: () => void;
}) {
  const styles = useStyles();
  const shown = items.slice(0, 8);
  return (
    <div className={styles.root} data-testid="selection-view">
      <Subtitle2>{items.length} messages selected</Subtitle2>
      <ul className={styles.list}>
        {shown.map((item) => (
          <li key={item.itemId}>
            <Caption1>{item.subject || "(no subject)"}</Caption1>
          </li>
        ))}
        {items.length > shown.length && <li>and {items.length - shown.length} more</li>}
      </ul>
      <Body1>Only the customer emails among them are uploaded; everything else stays in Outlook.</Body1>
      <div>
        <Button
          appearance="primary"
          icon={<ArrowSyncRegular />}
          disabled={busy || !supported}
          onClick={onSync}
          data-testid="sync-selected"
        >
          {busy ? "Syncing…" : `Sync ${items.length} selected`}
        </Button>
      </div>
      {!supported && (
        <Caption1>
          This version of Outlook cannot read several messages at once; open them one by one.
        </Caption1>
      )}
    </div>
  );
}
