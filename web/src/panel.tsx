import type { ReactNode } from "react";
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";

// A titled block of a page. A plain section rather than Fluent's Card: Card's focus management inserts hidden
// focusable elements (tabster) that axe reports as aria-hidden-focus, and these blocks are not interactive.

const useStyles = makeStyles({
  panel: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    minWidth: 0,
    // The gap spaces the blocks; a heading's or a paragraph's browser margins would add to it unevenly.
    "& > h2": { margin: 0 },
    "& > p": { margin: 0 },
  },
});

export function Panel({ className, children }: { className?: string; children: ReactNode }) {
  const styles = useStyles();
  return <section className={mergeClasses(styles.panel, className)}>{children}</section>;
}
