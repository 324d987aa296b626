// What every backend benchmark shares: a figure beside its target, percentiles, a collection between sections, and
// the run over the benchmarked databases that prints the table and exits.
import type { DatabaseKind } from "../src/db/connect";
import { benchDatabaseKinds } from "./bench-databases";

export interface Row {
  figure: string;
  value: string;
  target: string;
  pass: boolean | null;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A full collection between measurements (with --expose-gc), so one section's garbage is not timed in the next. */
export const collect = () => (globalThis as { gc?: () => void }).gc?.();

/**
 * Runs `benchOne` on each database, prints every figure beside its target, and exits when done: a worker pool or a
 * pool connection left open must not keep the next benchmark of the chain from starting; a missed target is
 * printed, not an error.
 */
export function runBenchmark(
  name: string,
  benchOne: (kind: DatabaseKind) => Promise<Row[]>,
  after?: () => Promise<void>,
): void {
  const main = async () => {
    const all: (Row & { db: string })[] = [];
    for (const kind of await benchDatabaseKinds()) {
      console.log(`${name} on ${kind}…`);
      for (const row of await benchOne(kind)) all.push({ ...row, db: kind });
    }
    await after?.();
    const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
    console.log("");
    console.log(line(["database", "figure", "measured", "target", "pass"]));
    console.log(line(["---", "---", "---", "---", "---"]));
    for (const r of all) {
      console.log(
        line([r.db, r.figure, r.value, r.target || "—", r.pass === null ? "—" : r.pass ? "yes" : "NO"]),
      );
    }
    const failed = all.filter((r) => r.pass === false);
    console.log(
      failed.length ? `\n${failed.length} figure(s) missed their target.` : "\nEvery figure met its target.",
    );
  };
  main()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(`${name} failed:`, error);
      process.exit(1);
    });
}
