import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/connect";
import { workspaces } from "../db/schema";

// The customer index version is `<epoch>.<seq>`: seq is a per-workspace counter bumped inside every transaction
// that changes an index row. The bump row-locks the workspace until commit, so seqs become visible in order and
// "rows with seq > N" never misses a row that commits later with a smaller seq.

export async function bumpIndexSeq(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db
    .update(workspaces)
    .set({ indexSeq: sql`${workspaces.indexSeq} + 1` })
    .where(eq(workspaces.id, workspaceId))
    .returning({ seq: workspaces.indexSeq });
  return row.seq;
}

export function indexVersion(ws: { indexEpoch: string; indexSeq: number }): string {
  return `${ws.indexEpoch}.${ws.indexSeq}`;
}

/** The seq a client's version stands for, or null when it is not a version of this workspace's index. */
export function parseIndexVersion(
  version: string,
  ws: { indexEpoch: string; indexSeq: number },
): number | null {
  const m = /^([a-z0-9]+)\.(\d{1,15})$/.exec(version.trim());
  if (!m || m[1] !== ws.indexEpoch) return null;
  const seq = Number(m[2]);
  return seq <= ws.indexSeq ? seq : null;
}
