// `npx tsx backend/bench/delete-bench.ts [emails…]`: the big deletes on PGlite and PostgreSQL (when reachable),
// e.g. `… 10000 50000`. See delete-timing.ts for what is measured.
import type { DatabaseKind } from "../src/db/connect";
import { DEFAULT_DATABASE_URL, openBenchDatabase, reachable } from "./bench-databases";
import { measureDeletes } from "./delete-timing";

async function main(): Promise<void> {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  process.env.TEST_DATABASE_URL = url;
  const kinds: DatabaseKind[] = (process.env.BENCH_KINDS?.split(",") as DatabaseKind[]) ?? [
    "pglite",
    "postgres",
  ];
  for (const kind of kinds) {
    if (kind === "postgres" && !(await reachable(url))) {
      console.log(`postgres: skipped, ${url} is not reachable`);
      continue;
    }
    for (const n of sizes.length ? sizes : [10_000]) {
      const { database, dispose } = await openBenchDatabase(kind);
      try {
        const r = await measureDeletes(database, n);
        console.log(
          `${kind} ${n} emails, ${r.contacts} contacts (filled in ${r.fillSeconds.toFixed(0)} s): ` +
            `purge of one domain ${r.purge.seconds.toFixed(2)} s (${r.purge.purged} emails), ` +
            `DELETE /me/emails ${r.deleteMine.seconds.toFixed(2)} s (${r.deleteMine.deleted} syncs), ` +
            `contacts with a wrong lastTouchAt: ${r.wrongLastTouch}`,
        );
      } finally {
        await dispose();
      }
    }
  }
}

main().catch((error: unknown) => {
  console.error("delete benchmark failed:", error);
  process.exit(1);
});
