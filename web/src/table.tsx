import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";

// Plain HTML tables in Fluent's look. Fluent's Table adds focus-management helpers (hidden focusable elements)
// that axe reports as aria-hidden-focus; these read-only tables need none of that.

const useStyles = makeStyles({
  table: { width: "100%", borderCollapse: "collapse", fontSize: tokens.fontSizeBase300 },
  th: {
    textAlign: "left",
    fontWeight: tokens.fontWeightSemibold,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  td: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    verticalAlign: "top",
  },
});

export function Table({
  children,
  size: _size,
  ...rest
}: HTMLAttributes<HTMLTableElement> & { size?: string }) {
  const styles = useStyles();
  return (
    <table {...rest} className={mergeClasses(styles.table, rest.className)}>
      {children}
    </table>
  );
}
export const TableHeader = ({ children }: { children: ReactNode }) => <thead>{children}</thead>;
export const TableBody = ({ children }: { children: ReactNode }) => <tbody>{children}</tbody>;
export const TableRow = (props: HTMLAttributes<HTMLTableRowElement> & { "data-testid"?: string }) => (
  <tr {...props} />
);
export function TableHeaderCell(props: ThHTMLAttributes<HTMLTableCellElement>) {
  const styles = useStyles();
  return <th scope="col" {...props} className={mergeClasses(styles.th, props.className)} />;
}
export function TableCell(props: TdHTMLAttributes<HTMLTableCellElement>) {
  const styles = useStyles();
  return <td {...props} className={mergeClasses(styles.td, props.className)} />;
}
