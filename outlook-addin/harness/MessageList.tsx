import { Caption1, Checkbox, Text, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { SimMessageSummary } from "./simulator-client";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, overflowY: "auto", height: "100%" },
  row: {
    display: "grid",
    gridTemplateColumns: "28px 1fr",
    gap: tokens.spacingHorizontalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    cursor: "pointer",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  selected: {
    backgroundColor: tokens.colorBrandBackground2,
    ":hover": { backgroundColor: tokens.colorBrandBackground2Hover },
  },
  text: { minWidth: 0, display: "flex", flexDirection: "column" },
  line: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
});

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "short" });

/** Outlook's message list: a click selects one message, the checkbox (or Ctrl/⌘-click) several. */
export function MessageList({
  messages,
  selection,
  onSelect,
}: {
  messages: SimMessageSummary[];
  selection: string[];
  onSelect: (ids: string[]) => void;
}) {
  const styles = useStyles();
  const selected = new Set(selection);
  const toggle = (id: string) =>
    onSelect(selected.has(id) ? selection.filter((x) => x !== id) : [...selection, id]);
  return (
    <ul className={styles.list} aria-label="Messages" data-testid="message-list">
      {messages.map((m) => (
        <li
          key={m.id}
          className={mergeClasses(styles.row, selected.has(m.id) && styles.selected)}
          data-testid="message-row"
          data-id={m.id}
          data-subject={m.subject}
          data-from={m.from.address}
          aria-selected={selected.has(m.id)}
          onClick={(e) => (e.ctrlKey || e.metaKey ? toggle(m.id) : onSelect([m.id]))}
        >
          <Checkbox
            checked={selected.has(m.id)}
            aria-label={`Select ${m.subject}`}
            onClick={(e) => e.stopPropagation()}
            onChange={() => toggle(m.id)}
          />
          <div className={styles.text}>
            <Text weight={m.isRead ? "regular" : "semibold"} className={styles.line}>
              {m.from.name || m.from.address}
            </Text>
            <Text className={styles.line}>{m.subject || "(no subject)"}</Text>
            <Caption1>{when.format(new Date(m.receivedDateTime))}</Caption1>
          </div>
        </li>
      ))}
    </ul>
  );
}
