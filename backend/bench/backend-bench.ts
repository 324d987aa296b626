// `npm run bench:backend`: the figures on PGlite and on PostgreSQL, each printed beside its target. Real
// HTTP on loopback, real databases. PostgreSQL is BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local
// server at postgres://postgres@127.0.0.1:5432/test; it is skipped (with a line saying so) when unreachable.
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { buildApp } from "../src/app";
import { AnswerCache } from "../src/http/answer-cache";
import type { DatabaseKind } from "../src/db/connect";
import {
  contacts,
  customers,
  customerDomains,
  emailCustomers,
  emails,
  emailSyncs,
  workspaces,
} from "../src/db/schema";
import { newId } from "../src/data/ids";
import { createWorkspace } from "../src/data/workspaces";
import { STATIC_DIR } from "../src/start-server";
import { runIngestClient, timeRequests } from "./bench-clients";
import { measureDeletes } from "./delete-timing";
import { openBenchDatabase } from "./bench-databases";
import { collect, percentile, runBenchmark, type Row } from "./bench-figures";
import { benchSkewed } from "./skewed-bench";

const HISTORY_CUSTOMERS = 1000;
/** The unchanged-index checks are cheap: enough samples that a p99 is not decided by four requests. */
const INDEX_SAMPLES = 2000;
const DELETE_EMAILS = Number(process.env.BENCH_DELETE_EMAILS ?? 10_000);

/**
 * A 5,000-character email shaped like mail: a short reply in lines of about 70 characters, then the message it
 * answers quoted under an "On … wrote:" header (the reply-text step's usual input). A body of 5,000 characters on
 * one line is no email anyone sends, and it is the quote patterns' worst case.
 */
function body5k(i: number): string {
  const reply = [
    "Hi Alex,",
    "",
    `Thanks for the update on order ${i}. We went through the numbers with`,
    "the finance team this morning and they look right to us. Could you send",
    "the revised quote by Friday, so we can sign before the quarter closes?",
    "",
    "Best,",
    "Wile",
  ];
  const quotedLine = "> Hello team, here is where things stand on the rollout this week.";
  const quoted = Array.from({ length: 80 }, () => quotedLine);
  const text = [...reply, "", "On Mon, Apr 2, 2026 at 6:26 PM, Alex <alex@northwind.test> wrote:", ...quoted];
  return text.join("\n").slice(0, 5000);
}

async function benchOne(kind: DatabaseKind): Promise<Row[]> {
  const { database, dispose } = await openBenchDatabase(kind);
  const db = database.db;
  // The answer cache is off but for the load runs that measure it (skewed-bench.ts): every other figure is the
  // database read path itself.
  const answers = new AnswerCache();
  answers.enabled = false;
  const app = buildApp({
    database,
    rateLimitPerMinute: 0,
    // The per-address limit on refused credentials is on, at its default, as a server runs: every request passes
    // through it (counted, then taken back when it authenticates), so its cost is in the figures.
    publicRateLimit: { perKey: 0, perAddress: 300 },
    bodyLimitBytes: 32 << 20,
    staticDir: STATIC_DIR,
    answerCache: answers,
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((r) => server.once("listening", r));
  (server as { keepAliveTimeout?: number }).keepAliveTimeout = 65_000;
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const rows: Row[] = [];
  try {
    const { workspace, admin, token } = await createWorkspace(db, {
      name: "Bench",
      internalDomains: ["northwind.test"],
      adminEmail: "admin@northwind.test",
    });
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    // 1,000 customers, each with one domain.
    const customerIds: string[] = [];
    for (let chunk = 0; chunk < HISTORY_CUSTOMERS; chunk += 500) {
      const batch = Array.from({ length: 500 }, (_, i) => ({
        id: newId("cus"),
        workspaceId: workspace.id,
        name: `Customer ${chunk + i}`,
        attributes: { plan: "Business" },
        seq: 1,
      }));
      await db.insert(customers).values(batch);
      await db.insert(customerDomains).values(
        batch.map((c, i) => ({
          workspaceId: workspace.id,
          domain: `c${chunk + i}.test`,
          customerId: c.id,
        })),
      );
      customerIds.push(...batch.map((c) => c.id));
    }
    await db.execute(sql`update workspaces set index_seq = index_seq + 1 where id = ${workspace.id}`);

    // ---- ingest: API vs raw insert of the same rows --------------------------------------------------
    // Three people at each of the 1,000 customers. The first pass meets every person for the first time (each
    // email also creates a contact: the cold case); the second pass is the same people again (the steady state
    // of a mailbox sync, and the figure held to the target).
    const PEOPLE = 3;
    const person = (i: number) =>
      `person${Math.floor(i / HISTORY_CUSTOMERS) % PEOPLE}@c${i % HISTORY_CUSTOMERS}.test`;
    const PASS = PEOPLE * HISTORY_CUSTOMERS;
    const inputs = Array.from({ length: 2 * PASS + 1 }, (_, i) => ({
      messageId: `<ingest-${i}@c${i % HISTORY_CUSTOMERS}.test>`,
      from: `Person <${person(i)}>`,
      to: "Admin <admin@northwind.test>",
      subject: `Update ${i}`,
      sentAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      text: body5k(i),
    }));
    // Warm the connection, as a running server would be (this email is not counted).
    await fetch(`${base}/emails/batch`, {
      method: "POST",
      headers,
      body: JSON.stringify({ emails: [{ ...inputs[0], messageId: "<warm-up@c0.test>" }] }),
    });
    // The client runs in its own thread, as a real client is its own process: the server thread only serves.
    // API and raw rounds alternate so that load from elsewhere on the machine hits both alike.
    const { workspace: rawWs } = await createWorkspace(db, { name: "Raw", adminEmail: "raw@northwind.test" });
    // With `newPeople` the raw side also writes the contact each email introduces, as the API does: the same rows.
    const rawInsert = async (slice: typeof inputs, offset: number, newPeople: boolean) => {
      const rowsIn = slice.map((e, i) => ({
        id: newId("em"),
        workspaceId: rawWs.id,
        messageKey: e.messageId.slice(1, -1),
        messageId: e.messageId,
        threadKey: e.messageId.slice(1, -1),
        subject: e.subject,
        from: e.from,
        to: e.to,
        sentAt: new Date(e.sentAt),
        direction: "inbound" as const,
        snippet: e.text.slice(0, 200),
        text: e.text,
        source: "import" as const,
        participants: [person(offset + i), "admin@northwind.test"],
      }));
      await db.transaction(async (tx) => {
        await tx.insert(emails).values(rowsIn);
        await tx.insert(emailCustomers).values(
          rowsIn.map((r, i) => ({
            emailId: r.id,
            customerId: customerIds[(offset + i) % HISTORY_CUSTOMERS],
            sentAt: r.sentAt,
          })),
        );
        await tx.insert(emailSyncs).values(rowsIn.map((r) => ({ emailId: r.id, userId: admin.id })));
        if (newPeople) {
          // New contacts bump the workspace's index version, as the API's do.
          const [{ seq }] = await tx
            .update(workspaces)
            .set({ indexSeq: sql`${workspaces.indexSeq} + 1` })
            .where(eq(workspaces.id, rawWs.id))
            .returning({ seq: workspaces.indexSeq });
          await tx.insert(contacts).values(
            rowsIn.map((r, i) => ({
              id: newId("con"),
              workspaceId: rawWs.id,
              customerId: customerIds[(offset + i) % HISTORY_CUSTOMERS],
              address: person(offset + i),
              firstName: "Person",
              source: "auto" as const,
              lastTouchAt: r.sentAt,
              seq,
            })),
          );
        }
      });
    };
    // Rounds of 500 emails, API then raw; each figure is the median over the rounds, so one slow moment (GC, a
    // neighbour's build) does not decide it.
    const ROUND = 500;
    const median = (xs: number[]) => percentile(xs, 50);
    const measure = async (from: number, to: number, newPeople: boolean) => {
      const api: number[] = [];
      const raw: number[] = [];
      const ratios: number[] = [];
      for (let r = from; r < to; r += ROUND) {
        const chunk = inputs.slice(r, Math.min(r + ROUND, to));
        const apiRate = chunk.length / (await runIngestClient(base, token, chunk));
        const start = performance.now();
        for (let b = 0; b < chunk.length; b += 100)
          await rawInsert(chunk.slice(b, b + 100), r + b, newPeople);
        const rawRate = chunk.length / ((performance.now() - start) / 1000);
        api.push(apiRate);
        raw.push(rawRate);
        ratios.push(apiRate / rawRate);
      }
      return { api: median(api), raw: median(raw), ratio: median(ratios) };
    };
    const cold = await measure(0, PASS, true);
    const steady = await measure(PASS, 2 * PASS, false);
    const rate = (n: number) => `${n.toFixed(0)} emails/s`;
    rows.push({
      figure: "API ingest, new people (creates contacts)",
      value: rate(cold.api),
      target: "",
      pass: null,
    });
    rows.push({
      figure: "raw batch insert of the same rows (contacts too)",
      value: rate(cold.raw),
      target: "",
      pass: null,
    });
    rows.push({
      figure: "  ratio, new people (median of rounds)",
      value: `${(cold.ratio * 100).toFixed(0)} %`,
      target: "≥ 50 %",
      pass: cold.ratio >= 0.5,
    });
    rows.push({
      figure: "API ingest, known people (steady sync)",
      value: rate(steady.api),
      target: "",
      pass: null,
    });
    rows.push({
      figure: "raw batch insert of the same rows",
      value: rate(steady.raw),
      target: "",
      pass: null,
    });
    const ratio = steady.ratio;
    rows.push({
      figure: "  ratio, known people (median of rounds)",
      value: `${(ratio * 100).toFixed(0)} %`,
      target: "≥ 50 %",
      pass: ratio >= 0.5,
    });

    // ---- unchanged index checks ------------------------------------------------------------------
    const first = await fetch(`${base}/customer-index`, { headers });
    const etag = first.headers.get("etag") as string;
    const { version } = (await first.json()) as { version: string };
    collect();
    const notModified = await timeRequests(
      base,
      token,
      Array.from({ length: INDEX_SAMPLES }, () => ({
        path: "/customer-index",
        headers: { "if-none-match": etag },
        status: 304,
      })),
    );
    collect();
    const since = await timeRequests(
      base,
      token,
      Array.from({ length: INDEX_SAMPLES }, () => ({
        path: `/customer-index?since=${version}`,
        status: 200,
        check: "empty-diff" as const,
      })),
    );
    for (const [label, times] of [
      ["/customer-index with If-None-Match (304)", notModified],
      ["/customer-index ?since=<current>", since],
    ] as const) {
      // The issue sets "≤ 5 ms" without a percentile (it names p99 only for history): the median is judged and
      // the p99 printed beside it.
      rows.push({
        figure: `${label} p50`,
        value: `${percentile(times, 50).toFixed(2)} ms`,
        target: "≤ 5 ms",
        pass: percentile(times, 50) <= 5,
      });
      rows.push({
        figure: `${label} p99`,
        value: `${percentile(times, 99).toFixed(2)} ms`,
        target: "(information)",
        pass: null,
      });
    }

    // ---- big deletes (informational: the issue sets no target) -------------------------------------
    const deletes = await measureDeletes(database, DELETE_EMAILS);
    rows.push({
      figure: `DELETE /me/emails, ${DELETE_EMAILS.toLocaleString("en")} emails, ${deletes.contacts} contacts`,
      value: `${deletes.deleteMine.seconds.toFixed(2)} s`,
      target: "",
      pass: deletes.wrongLastTouch === 0 ? null : false,
    });
    rows.push({
      figure: `purge of one customer domain (${deletes.purge.purged} emails)`,
      value: `${deletes.purge.seconds.toFixed(2)} s`,
      target: "",
      pass: null,
    });

    // ---- the skewed workspace of issue 9 (skewed-bench.ts): history and lookup sequential and under load,
    // beside raw reads, and /me during a 10,000-row CSV import. It replaced the uniform 200,000-email history.
    const skewed = await createWorkspace(db, {
      name: "Skewed",
      internalDomains: ["skew-cs.test"],
      adminEmail: "admin@skew-cs.test",
    });
    rows.push(...(await benchSkewed(database, base, skewed.token, skewed.workspace.id, answers)));
  } finally {
    await new Promise((r) => server.close(r));
    await dispose();
  }
  return rows;
}

runBenchmark("backend benchmark", benchOne);
