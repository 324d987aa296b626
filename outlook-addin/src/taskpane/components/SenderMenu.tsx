import { useState } from "react";
import {
  Body1,
  Button,
  Checkbox,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Persona,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  MoreHorizontalRegular,
  PersonProhibitedRegular,
  GlobeProhibitedRegular,
} from "@fluentui/react-icons";
import { addressForDisplay, domainForDisplay } from "../../../../shared";
import type { SenderView } from "../pane-model";
import { ConfirmDialog } from "./ConfirmDialog";

const useStyles = makeStyles({
  root: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  persona: { minWidth: 0, overflow: "hidden" },
  dialog: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

export interface SenderMenuProps {
  sender: SenderView;
  busy: boolean;
  onExclude: (input: { kind: "address" | "domain"; value: string; purge: boolean }) => void;
}

/** The sender with a menu to exclude them or their domain (for the user), optionally purging stored emails. */
export function SenderMenu({ sender, busy, onExclude }: SenderMenuProps) {
  const styles = useStyles();
  const [asking, setAsking] = useState<{ kind: "address" | "domain"; value: string } | null>(null);
  const [purge, setPurge] = useState(false);

  const ask = (kind: "address" | "domain", value: string) => {
    setPurge(false);
    setAsking({ kind, value });
  };

  const address = addressForDisplay(sender.address);
  const domain = sender.domain ? domainForDisplay(sender.domain) : null;
  // A name that is only the address again (or none) is not repeated under itself.
  const name = sender.name.trim();
  const named = name !== "" && name.toLowerCase() !== sender.address && name !== address;
  return (
    <div className={styles.root} data-testid="sender">
      <Persona
        className={styles.persona}
        name={named ? name : address}
        secondaryText={named ? address : undefined}
        avatar={{ color: "colorful" }}
        size="medium"
      />
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button
            appearance="subtle"
            icon={<MoreHorizontalRegular />}
            aria-label={`Options for ${address}`}
            data-testid="sender-menu"
            disabled={busy}
          />
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            <MenuItem
              icon={<PersonProhibitedRegular />}
              onClick={() => ask("address", sender.address)}
              disabled={sender.excluded}
            >
              Exclude sender
            </MenuItem>
            <MenuItem
              icon={<GlobeProhibitedRegular />}
              onClick={() => sender.domain && ask("domain", sender.domain)}
              disabled={!sender.domain || sender.excluded}
            >
              {domain ? `Exclude domain ${domain}` : "Exclude domain (not for personal email providers)"}
            </MenuItem>
          </MenuList>
        </MenuPopover>
      </Menu>
      <ConfirmDialog
        open={asking !== null}
        title={asking?.kind === "domain" ? "Exclude this domain?" : "Exclude this sender?"}
        action="Exclude"
        testId="exclude-confirm"
        contentClassName={styles.dialog}
        onConfirm={() => asking && onExclude({ ...asking, purge })}
        onCancel={() => setAsking(null)}
      >
        <Body1>
          Touchbase will not store emails {asking?.kind === "domain" ? "from anyone at" : "from or to"}{" "}
          <strong>{asking && addressForDisplay(asking.value)}</strong> for you, in Outlook or anywhere else
          you sync.
        </Body1>
        <Checkbox
          checked={purge}
          onChange={(_e, data) => setPurge(Boolean(data.checked))}
          label="Also delete the emails already stored in Touchbase"
          data-testid="exclude-purge"
        />
      </ConfirmDialog>
    </div>
  );
}
