import { useEffect, useRef, useState, type ReactNode } from "react";
import { makeStyles, tokens } from "@fluentui/react-components";

// A windowed list of fixed-height rows: only the rows in view (plus a few either side) are in the DOM, so a board
// of 100,000 customers costs what a board of 50 does. Rows are ARIA table rows with their absolute index, so a
// screen reader still hears "row 4,210 of 100,000". Written here rather than added as a package: it is 80 lines,
// and the maintained ones (react-window, @tanstack/react-virtual) are not installed in this repository.

const useStyles = makeStyles({
  viewport: {
    overflowY: "auto",
    overflowX: "hidden",
    position: "relative",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderTop: "none",
    backgroundColor: tokens.colorNeutralBackground1,
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  row: { position: "absolute", left: 0, right: 0 },
});

export interface VirtualRowsProps<T> {
  items: T[];
  rowHeight: number;
  /** The height of the scrolling area (CSS), e.g. "calc(100vh - 260px)". */
  height: string;
  renderRow: (item: T, index: number) => ReactNode;
  rowKey: (item: T) => string;
  /** Called when the last loaded rows come into view: time to fetch the next page. */
  onNearEnd?: () => void;
  /** Total rows known to exist (aria-rowcount); defaults to the loaded count. */
  total?: number;
  overscan?: number;
  /** Header rows above (aria-rowindex offset). */
  headerRows?: number;
  label: string;
}

export function VirtualRows<T>(props: VirtualRowsProps<T>) {
  const { items, rowHeight, height, renderRow, rowKey, onNearEnd, overscan = 8, headerRows = 1 } = props;
  const styles = useStyles();
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(600);

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const measure = () => setViewHeight(el.clientHeight || 600);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);
  useEffect(() => {
    if (onNearEnd && last >= items.length - overscan) onNearEnd();
  }, [last, items.length, overscan, onNearEnd]);

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i];
    rows.push(
      <div
        key={rowKey(item)}
        role="row"
        aria-rowindex={i + 1 + headerRows}
        className={styles.row}
        style={{ top: i * rowHeight, height: rowHeight }}
      >
        {renderRow(item, i)}
      </div>,
    );
  }
  return (
    <div
      ref={viewport}
      className={styles.viewport}
      style={{ height: `min(${items.length * rowHeight + 2}px, ${height})` }}
      role="rowgroup"
      aria-label={props.label}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div style={{ height: items.length * rowHeight, position: "relative" }}>{rows}</div>
    </div>
  );
}
