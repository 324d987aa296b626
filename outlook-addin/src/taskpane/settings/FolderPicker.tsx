import { useEffect, useState } from "react";
import { Caption1, Checkbox, Spinner, makeStyles, tokens } from "@fluentui/react-components";
import type { FolderChoice } from "../../office";
import type { MailFolderNode } from "../../graph";
import { describeError } from "../../sync/error-sentence";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, maxHeight: "260px", overflowY: "auto" },
  count: { color: tokens.colorNeutralForeground3 },
});

/** A folder is chosen by its well-known name when it has one, so Inbox stays Inbox across mailboxes. */
export function choiceFor(node: MailFolderNode): FolderChoice {
  return { id: node.wellKnownName ?? node.id, name: node.displayName };
}

function flatten(nodes: MailFolderNode[], depth = 0): { node: MailFolderNode; depth: number }[] {
  return nodes.flatMap((node) => [{ node, depth }, ...flatten(node.children, depth + 1)]);
}

/** The mailbox's folder tree from Graph, with a checkbox per folder. */
export function FolderPicker({
  load,
  value,
  onChange,
}: {
  load: (() => Promise<MailFolderNode[]>) | null;
  value: FolderChoice[];
  onChange: (next: FolderChoice[]) => void;
}) {
  const styles = useStyles();
  const [tree, setTree] = useState<MailFolderNode[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!load) return;
    let live = true;
    load().then(
      (nodes) => live && setTree(nodes),
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [load]);

  const chosen = new Set(value.map((f) => f.id));
  if (!load)
    return (
      <Caption1>
        Choosing folders needs Microsoft Graph; {value.map((f) => f.name).join(" and ")} are synced.
      </Caption1>
    );
  if (error) return <Caption1 data-testid="folder-tree-error">{error}</Caption1>;
  if (!tree) return <Spinner size="tiny" label="Loading your folders…" />;
  return (
    <ul className={styles.list} data-testid="folder-tree">
      {flatten(tree).map(({ node, depth }) => {
        const choice = choiceFor(node);
        return (
          <li key={node.id} style={{ paddingLeft: `${depth * 16}px` }}>
            <Checkbox
              checked={chosen.has(choice.id) || chosen.has(node.id)}
              label={{
                children: (
                  <>
                    {node.displayName}{" "}
                    <span className={styles.count}>({node.totalItemCount.toLocaleString()})</span>
                  </>
                ),
              }}
              onChange={(_e, data) =>
                onChange(
                  data.checked
                    ? [...value.filter((f) => f.id !== choice.id && f.id !== node.id), choice]
                    : value.filter((f) => f.id !== choice.id && f.id !== node.id),
                )
              }
            />
          </li>
        );
      })}
    </ul>
  );
}
