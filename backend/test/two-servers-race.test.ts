// Two stateless server instances on one PostgreSQL, both sent the same 5,000 emails at once: exactly 5,000 are
// stored, every result is `stored` or `duplicate`, and each email lists both syncers. PostgreSQL only (the
// embedded database is one process by design); concurrency within one PGlite server is covered in
// email-batch.test.ts.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnBackend, type SpawnedBackend } from "../../dev/spawn-backend";
import { openDatabase, queryRows, type Database } from "../src/db/connect";
import { createUser } from "../src/data/workspaces";
import { createPostgresDatabase, TEST_DATABASE_URL } from "./test-databases";

const TOTAL = 5000;
const BATCH = 100;
const IN_FLIGHT_PER_SERVER = 3;

if (!TEST_DATABASE_URL) console.log("two-servers race: skipped, it needs TEST_DATABASE_URL (PostgreSQL).");

describe.skipIf(!TEST_DATABASE_URL)("two servers racing on one PostgreSQL", () => {
  let pg: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let servers: SpawnedBackend[] = [];
  let database: Database;
  beforeAll(async () => {
    pg = await createPostgresDatabase();
    const token = "tb_race_admin_token_0123456789abcdef";
    // Both start at once on the empty database: exactly one of them creates the workspace.
    servers = await Promise.all([
      spawnBackend({ token, env: { DATABASE_URL: pg.url } }),
      spawnBackend({ token, env: { DATABASE_URL: pg.url } }),
    ]);
    database = await openDatabase({ databaseUrl: pg.url, poolSize: 2 });
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await database?.close();
    await pg?.drop();
  });

  it(`stores exactly ${TOTAL} emails when both get all ${TOTAL} at once`, async () => {
    const [a, b] = servers;
    const headers = { authorization: `Bearer ${a.token}`, "content-type": "application/json" };
    const created = await fetch(`${a.url}/api/v1/customers`, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "Acme", domains: ["acme.test"] }),
    });
    expect(created.status).toBe(201);
    const workspaces = await queryRows<{ id: string }>(database.db, sql`select id from workspaces`);
    expect(workspaces).toHaveLength(1);
    const [ws] = workspaces;
    const colleague = await createUser(database.db, ws.id, {
      email: "colleague@touchbase.local",
      role: "member",
    });

    const emails = Array.from({ length: TOTAL }, (_, i) => ({
      messageId: `<race-${i}@acme.test>`,
      from: `Person ${i % 50} <person${i % 50}@acme.test>`,
      to: "admin@touchbase.local, colleague@touchbase.local",
      subject: `Race ${i}`,
      sentAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      text: `Body ${i} `.repeat(50),
    }));
    const batches = Array.from({ length: TOTAL / BATCH }, (_, i) => emails.slice(i * BATCH, (i + 1) * BATCH));
    const statuses = new Map<string, number>();
    const sendAll = async (server: SpawnedBackend, token: string, order: number[][]) => {
      const queue = [...order];
      const lane = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const res = await fetch(`${server.url}/api/v1/emails/batch`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: JSON.stringify({ emails: next.map((i) => emails[i]) }),
          });
          expect(res.status).toBe(200);
          const body = (await res.json()) as { results: { status: string }[] };
          for (const r of body.results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT_PER_SERVER }, lane));
    };
    const indexes = batches.map((_, bi) => Array.from({ length: BATCH }, (_, i) => bi * BATCH + i));
    // Opposite orders maximise overlap; the colleague syncs through the second server with their own token.
    await Promise.all([sendAll(a, a.token, indexes), sendAll(b, colleague.token, [...indexes].reverse())]);

    expect([...statuses.keys()].sort()).toEqual(["duplicate", "stored"]);
    expect(statuses.get("stored")).toBe(TOTAL);
    expect(statuses.get("duplicate")).toBe(TOTAL);
    const [counts] = await queryRows<{ emails: number; keys: number; syncs: number; links: number }>(
      database.db,
      sql`select (select count(*)::int from emails) as emails,
                 (select count(distinct message_key)::int from emails) as keys,
                 (select count(*)::int from email_syncs) as syncs,
                 (select count(*)::int from email_customers) as links`,
    );
    expect(counts).toEqual({ emails: TOTAL, keys: TOTAL, syncs: 2 * TOTAL, links: TOTAL });
  });
});
