// The web workspace's customer profile API: contacts (add, rename, merge), who in the team syncs the customer's
// mail, emails per week in and out, and the history grouped by thread with keyset paging.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CustomerProfileSchema,
  CustomerTeamSchema,
  ThreadEmailsSchema,
  ThreadPageSchema,
  type ThreadSummary,
} from "../../shared/api/profile";
import { createTestApp, emailInput, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

const DAY = 86_400_000;

describe.each(databaseKinds)("the customer profile on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let member: { token: string; email: string; id: string };
  let customerId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace({ internalDomains: ["northwind.test"], adminEmail: "alex@northwind.test" });
    other = await t.workspace();
    member = await ws.member("mo@northwind.test");
    const created = await t.call(ws.adminToken, "POST", "/customers", {
      name: "Acme",
      domains: ["acme.test"],
    });
    customerId = created.body.id;
    const now = Date.now();
    // Five threads; thread 0 has three emails (2 by the admin, 1 by the member), the others one each.
    const emails = [0, 1, 2, 3, 4].map((i) =>
      emailInput({
        messageId: `<t${i}@acme.test>`,
        from: "Wile <wile@acme.test>",
        to: "alex@northwind.test",
        subject: `Thread ${i}`,
        sentAt: new Date(now - (10 + i) * DAY).toISOString(),
      }),
    );
    emails.push(
      emailInput({
        messageId: "<t0-reply@northwind.test>",
        from: "alex@northwind.test",
        to: "wile@acme.test",
        subject: "Re: Thread 0",
        inReplyTo: "<t0@acme.test>",
        references: "<t0@acme.test>",
        sentAt: new Date(now - 2 * DAY).toISOString(),
      }),
    );
    expect((await t.call(ws.adminToken, "POST", "/emails/batch", { emails })).status).toBe(200);
    const memberMail = emailInput({
      messageId: "<t0-again@acme.test>",
      from: "roadrunner@acme.test",
      to: "mo@northwind.test",
      subject: "Re: Thread 0",
      inReplyTo: "<t0-reply@northwind.test>",
      references: "<t0@acme.test> <t0-reply@northwind.test>",
      sentAt: new Date(now - 1 * DAY).toISOString(),
    });
    expect((await t.call(member.token, "POST", "/emails/batch", { emails: [memberMail] })).status).toBe(200);
  });
  afterAll(() => t?.close());

  it("returns contacts, the team, both directions and 26 weeks of counts", async () => {
    const res = await t.call(member.token, "GET", `/customers/${customerId}/profile`);
    expect(res.status).toBe(200);
    const p = CustomerProfileSchema.parse(res.body);
    expect(p.customer.name).toBe("Acme");
    expect(p.contacts.map((c) => c.address).sort()).toEqual(["roadrunner@acme.test", "wile@acme.test"]);
    const team = CustomerTeamSchema.parse(
      (await t.call(member.token, "GET", `/customers/${customerId}/team`)).body,
    );
    expect(team.team.map((m) => [m.email, m.emails])).toEqual([
      ["alex@northwind.test", 6],
      ["mo@northwind.test", 1],
    ]);
    expect(p.weeks).toHaveLength(26);
    expect(p.weeks.reduce((s, w) => s + w.inbound, 0)).toBe(6);
    expect(p.weeks.reduce((s, w) => s + w.outbound, 0)).toBe(1);
    expect(new Date(p.lastInboundAt!).getTime()).toBeGreaterThan(new Date(p.lastOutboundAt!).getTime());
    expect((await t.call(other.adminToken, "GET", `/customers/${customerId}/profile`)).status).toBe(404);
    expect((await t.call(other.adminToken, "GET", `/customers/${customerId}/team`)).status).toBe(404);
  });

  async function allThreads(limit: number): Promise<ThreadSummary[]> {
    const threads: ThreadSummary[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = ThreadPageSchema.parse(
        (await t.call(member.token, "GET", `/customers/${customerId}/threads?limit=${limit}${q}`)).body,
      );
      threads.push(...page.threads);
      cursor = page.nextCursor;
    } while (cursor);
    return threads;
  }

  it("pages threads newest first without gaps, and opens one thread", async () => {
    const threads = await allThreads(2);
    expect(threads.map((th) => [th.subject, th.count])).toEqual([
      ["Re: Thread 0", 3],
      ["Thread 1", 1],
      ["Thread 2", 1],
      ["Thread 3", 1],
      ["Thread 4", 1],
    ]);
    // Pages of one walk the history in several batches (a thread's older emails come after other threads').
    expect(await allThreads(1)).toEqual(threads);
    expect(await allThreads(100)).toEqual(threads);
    const opened = ThreadEmailsSchema.parse(
      (
        await t.call(
          member.token,
          "GET",
          `/customers/${customerId}/thread-emails?threadKey=${encodeURIComponent(threads[0].threadKey ?? "")}`,
        )
      ).body,
    );
    expect(opened.emails.map((e) => e.direction)).toEqual(["inbound", "outbound", "inbound"]);
    const forged = await t.call(member.token, "GET", `/customers/${customerId}/threads?cursor=xyz`);
    expect(forged.status).toBe(400);
  });

  it("adds, renames and merges contacts; refuses another workspace's contact", async () => {
    const added = await t.call(member.token, "POST", `/customers/${customerId}/contacts`, {
      address: "W.Coyote@ACME.test",
      firstName: "Wile E.",
      lastName: "Coyote",
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ address: "w.coyote@acme.test", source: "manual" });
    const again = await t.call(member.token, "POST", `/customers/${customerId}/contacts`, {
      address: "w.coyote@acme.test",
    });
    expect(again.status).toBe(409);
    const before = CustomerProfileSchema.parse(
      (await t.call(member.token, "GET", `/customers/${customerId}/profile`)).body,
    );
    const wile = before.contacts.find((c) => c.address === "wile@acme.test")!;
    expect((await t.call(member.token, "PATCH", `/contacts/${wile.id}`, { firstName: "Wile" })).status).toBe(
      204,
    );
    const merged = await t.call(member.token, "POST", "/contacts/merge", {
      keepId: added.body.id,
      mergeId: wile.id,
    });
    expect(merged.status).toBe(204);
    const after = CustomerProfileSchema.parse(
      (await t.call(member.token, "GET", `/customers/${customerId}/profile`)).body,
    );
    expect(after.contacts.find((c) => c.id === wile.id)).toMatchObject({
      mergedInto: added.body.id,
      firstName: "Wile",
    });
    expect(after.contacts).toHaveLength(3);
    expect((await t.call(other.adminToken, "PATCH", `/contacts/${wile.id}`, { firstName: "X" })).status).toBe(
      404,
    );
    expect(
      (await t.call(member.token, "POST", "/contacts/merge", { keepId: wile.id, mergeId: wile.id })).status,
    ).toBe(400);
  });
});
