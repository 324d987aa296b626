import { makeStyles, tokens } from "@fluentui/react-components";
import type { WeekCount } from "../../shared/api/profile";

// Emails per week, inbound beside outbound, as plain SVG (no chart library for two bar series). The numbers are
// also in a table for screen readers.

const useStyles = makeStyles({
  svg: { width: "100%", height: "auto", display: "block" },
  inbound: { fill: tokens.colorPaletteBlueBorderActive },
  outbound: { fill: tokens.colorPaletteDarkOrangeBorderActive },
  axis: { stroke: tokens.colorNeutralStroke1 },
  label: { fill: tokens.colorNeutralForeground2, fontSize: "11px" },
  legend: { display: "flex", gap: tokens.spacingHorizontalL, fontSize: tokens.fontSizeBase200 },
  swatch: { display: "inline-block", width: "10px", height: "10px", marginRight: "6px" },
  swatchIn: { backgroundColor: tokens.colorPaletteBlueBorderActive },
  swatchOut: { backgroundColor: tokens.colorPaletteDarkOrangeBorderActive },
  hidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  },
});

const monthDay = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

export function WeekChart({ weeks }: { weeks: WeekCount[] }) {
  const styles = useStyles();
  const width = 640;
  const height = 160;
  const pad = { left: 28, bottom: 20, top: 8 };
  const max = Math.max(1, ...weeks.map((w) => Math.max(w.inbound, w.outbound)));
  const slot = (width - pad.left) / Math.max(1, weeks.length);
  const bar = Math.max(2, slot / 2 - 2);
  const y = (n: number) => pad.top + (height - pad.top - pad.bottom) * (1 - n / max);
  const totalIn = weeks.reduce((s, w) => s + w.inbound, 0);
  const totalOut = weeks.reduce((s, w) => s + w.outbound, 0);
  return (
    <figure style={{ margin: 0 }} data-testid="week-chart">
      <svg
        className={styles.svg}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Emails per week over the last ${weeks.length} weeks: ${totalIn} inbound, ${totalOut} outbound`}
      >
        <line
          className={styles.axis}
          x1={pad.left}
          x2={width}
          y1={height - pad.bottom}
          y2={height - pad.bottom}
        />
        <text className={styles.label} x={0} y={y(max) + 4}>
          {max}
        </text>
        <text className={styles.label} x={0} y={height - pad.bottom}>
          0
        </text>
        {weeks.map((w, i) => {
          const x = pad.left + i * slot + 1;
          return (
            <g key={w.week}>
              <rect
                className={styles.inbound}
                x={x}
                y={y(w.inbound)}
                width={bar}
                height={height - pad.bottom - y(w.inbound)}
              >
                <title>{`Week of ${monthDay.format(new Date(w.week))}: ${w.inbound} inbound`}</title>
              </rect>
              <rect
                className={styles.outbound}
                x={x + bar + 1}
                y={y(w.outbound)}
                width={bar}
                height={height - pad.bottom - y(w.outbound)}
              >
                <title>{`Week of ${monthDay.format(new Date(w.week))}: ${w.outbound} outbound`}</title>
              </rect>
              {i % 4 === 0 && (
                <text className={styles.label} x={x} y={height - 4}>
                  {monthDay.format(new Date(w.week))}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className={styles.legend}>
        <span>
          <span className={`${styles.swatch} ${styles.swatchIn}`} aria-hidden />
          Inbound ({totalIn})
        </span>
        <span>
          <span className={`${styles.swatch} ${styles.swatchOut}`} aria-hidden />
          Outbound ({totalOut})
        </span>
      </figcaption>
      <table className={styles.hidden}>
        <caption>Emails per week</caption>
        <thead>
          <tr>
            <th>Week of</th>
            <th>Inbound</th>
            <th>Outbound</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.week}>
              <td>{monthDay.format(new Date(w.week))}</td>
              <td>{w.inbound}</td>
              <td>{w.outbound}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
