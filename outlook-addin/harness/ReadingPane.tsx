import { useMemo } from "react";
import {
  Body1,
  Caption1,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle1,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { plainTextDocument, sanitizeEmailHtml } from "../../ui/email/sanitize-email";
import type { HarnessItem, HarnessNotification } from "./fake-office/harness-host";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    height: "100%",
    minWidth: 0,
  },
  frame: {
    flexGrow: 1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: "#fff",
    width: "100%",
  },
  empty: { padding: tokens.spacingVerticalXXL, color: tokens.colorNeutralForeground3 },
});

const who = (a: { name: string; address: string }) => (a.name ? `${a.name} <${a.address}>` : a.address);

/** Outlook's reading pane: the item's notifications (the ribbon command reports there), headers and body. */
export function ReadingPane({
  item,
  notifications,
  count,
}: {
  item: HarnessItem | null;
  notifications: HarnessNotification[];
  count: number;
}) {
  const styles = useStyles();
  const doc = useMemo(
    () =>
      item
        ? item.body.html
          ? sanitizeEmailHtml(item.body.html, false)
          : plainTextDocument(item.body.text)
        : null,
    [item],
  );
  if (count > 1) return <Body1 className={styles.empty}>{count} messages selected.</Body1>;
  if (!item || !doc) return <Body1 className={styles.empty}>Select a message to read it.</Body1>;
  return (
    <section className={styles.root} data-testid="reading-pane" data-item-id={item.itemId}>
      {notifications.map((n) => (
        <MessageBar
          key={n.key}
          intent={n.type === "errorMessage" ? "error" : "info"}
          data-testid="item-notification"
          data-type={n.type}
        >
          <MessageBarBody>
            {n.type === "progressIndicator" && (
              <Spinner size="extra-tiny" as="span" style={{ display: "inline-flex", marginRight: 8 }} />
            )}
            {n.message}
          </MessageBarBody>
        </MessageBar>
      ))}
      <Subtitle1>{item.subject || "(no subject)"}</Subtitle1>
      <Body1>From {who(item.from)}</Body1>
      <Caption1>
        To {item.to.map(who).join(", ") || "—"}
        {item.cc.length ? ` · Cc ${item.cc.map(who).join(", ")}` : ""} ·{" "}
        {new Date(item.dateTimeCreated).toLocaleString()}
      </Caption1>
      <iframe className={styles.frame} title="Message body" sandbox="allow-popups" srcDoc={doc.srcdoc} />
    </section>
  );
}
