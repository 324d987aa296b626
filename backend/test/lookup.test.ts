import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildCustomerIndex,
  LookupResponseSchema,
  snapshotFromLookup,
  type CustomerIndexSnapshot,
} from "../../shared/index";
import { contacts, customerDomains, customers } from "../src/db/schema";
import { newId } from "../src/data/ids";
import { bumpIndexSeq } from "../src/data/index-version";
import { createTestApp, emailInput, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

describe.each(databaseKinds)("GET /lookup on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  let umbrella = "";
  let umbrellaEu = "";
  let stark = "";
  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace({ internalDomains: ["northwind.test"] });
    const create = async (name: string, domains: string[]) =>
      (await t.call(ws.adminToken, "POST", "/customers", { name, domains })).body.id as string;
    umbrella = await create("Umbrella", ["umbrella.test"]);
    umbrellaEu = await create("Umbrella Europe", ["eu.umbrella.test"]);
    stark = await create("Stark", ["stark.test"]);
    // Pepper becomes a contact through a sync; Happy is a manual contact at a personal address (as in the demo).
    await t.call(ws.adminToken, "POST", "/emails/batch", {
      emails: [
        emailInput({ from: "Pepper <pepper@stark.test>", to: ws.adminEmail, cc: "Happy <happy@gmail.com>" }),
      ],
    });
    const db = t.db.database.db;
    const seq = await bumpIndexSeq(db, ws.id);
    await db.insert(contacts).values({
      id: newId("con"),
      workspaceId: ws.id,
      customerId: stark,
      address: "happy@gmail.com",
      firstName: "Happy",
      lastName: "Hogan",
      source: "manual",
      seq,
    });
    // The API refuses a personal domain for a customer now; a database from before may still hold one.
    await db
      .insert(customerDomains)
      .values({ workspaceId: ws.id, domain: "gmail.com", customerId: stark, position: 1 });
    await db.update(customers).set({ seq }).where(eq(customers.id, stark));
    await t.call(ws.adminToken, "POST", "/exclusions", {
      kind: "domain",
      value: "secret.umbrella.test",
      scope: "workspace",
    });
  });
  afterAll(() => t?.close());

  const lookup = async (token: string, emails: string[], messageId?: string) => {
    const q = emails.map((e) => `email=${encodeURIComponent(e)}`).join("&");
    return t.call(
      token,
      "GET",
      `/lookup?${q}${messageId ? `&messageId=${encodeURIComponent(messageId)}` : ""}`,
    );
  };

  it("matches by contact, longest domain and subdomain; never personal domains; never internal or the viewer", async () => {
    const res = await lookup(ws.adminToken, [
      "Pepper@Stark.test",
      "jill@eu.umbrella.test",
      "ada@labs.umbrella.test",
      "bob@gmail.com",
      "colleague@northwind.test",
      ws.adminEmail,
      "nobody@unknown.test",
      "not-an-address",
    ]);
    expect(res.status).toBe(200);
    const body = LookupResponseSchema.parse(res.body);
    const by = Object.fromEntries(body.results.map((r) => [r.email, r]));
    expect(by["Pepper@Stark.test"]).toMatchObject({ matchedBy: "contact", customer: { id: stark } });
    expect(by["Pepper@Stark.test"].contact).toMatchObject({ firstName: "Pepper" });
    expect(by["jill@eu.umbrella.test"]).toMatchObject({ matchedBy: "domain", customer: { id: umbrellaEu } });
    expect(by["ada@labs.umbrella.test"]).toMatchObject({
      matchedBy: "subdomain",
      customer: { id: umbrella },
    });
    expect(by["bob@gmail.com"].customer).toBeNull();
    expect(by["colleague@northwind.test"].customer).toBeNull();
    expect(by[ws.adminEmail].customer).toBeNull();
    expect(by["nobody@unknown.test"]).toMatchObject({
      customer: null,
      contact: null,
      recentEmails: [],
      matchedBy: null,
    });
    expect(by["not-an-address"].customer).toBeNull();
    // The contact at gmail.com matched through the contact list, not the (personal) domain.
    expect((await lookup(ws.adminToken, ["happy@gmail.com"])).body.results[0]).toMatchObject({
      matchedBy: "contact",
      customer: { id: stark },
    });
    expect(by["Pepper@Stark.test"].recentEmails).toHaveLength(1);
    expect(body.rules?.internalDomains).toEqual(["northwind.test"]);
  });

  it("names the exclusion that rejects an address, workspace or the caller's own", async () => {
    const member = await ws.member();
    await t.call(member.token, "POST", "/exclusions", { kind: "address", value: "Blocked@Umbrella.test" });
    const res = await lookup(member.token, [
      "x@deep.secret.umbrella.test",
      "blocked@umbrella.test",
      "ok@umbrella.test",
    ]);
    const [deep, blocked, ok] = res.body.results;
    expect(deep.exclusion).toMatchObject({
      kind: "domain",
      value: "secret.umbrella.test",
      scope: "workspace",
    });
    expect(blocked.exclusion).toMatchObject({
      kind: "address",
      value: "blocked@umbrella.test",
      scope: "user",
    });
    expect(ok.exclusion).toBeNull();
    // The admin does not see the member's personal exclusion.
    expect((await lookup(ws.adminToken, ["blocked@umbrella.test"])).body.results[0].exclusion).toBeNull();
  });

  it("classifies locally from the lookup exactly as the full index does", async () => {
    const member = await ws.member();
    await t.call(member.token, "POST", "/exclusions", { kind: "address", value: "mute@stark.test" });
    const full = (await t.call(member.token, "GET", "/customer-index")).body as CustomerIndexSnapshot;
    const fullIndex = buildCustomerIndex(full);
    const messages = [
      { from: "jill@eu.umbrella.test", to: member.email },
      { from: member.email, to: "happy@gmail.com, colleague@northwind.test" },
      { from: "x@secret.umbrella.test", to: member.email },
      { from: "mute@stark.test", to: member.email },
      { from: "colleague@northwind.test", to: member.email },
      { from: "stranger@gmail.com", to: member.email, cc: "ada@labs.umbrella.test" },
      { from: "random@unknown.test", to: member.email },
    ];
    for (const message of messages) {
      const addresses = [message.from, ...message.to.split(","), ...(message.cc ? [message.cc] : [])].map(
        (a) => a.trim(),
      );
      const answer = LookupResponseSchema.parse((await lookup(member.token, addresses)).body);
      const local = buildCustomerIndex(snapshotFromLookup(answer));
      const viewer = { addresses: [member.email] };
      expect(local.classify(message, viewer), JSON.stringify(message)).toEqual(
        fullIndex.classify(message, viewer),
      );
    }
  });

  it("reports a message's state with ?messageId=, and rejects more than 100 addresses", async () => {
    const member = await ws.member();
    const input = emailInput({
      from: "jill@eu.umbrella.test",
      to: member.email,
      messageId: "<State-1@Mail.Test>",
    });
    const none = await lookup(member.token, ["jill@eu.umbrella.test"], "<state-1@mail.test>");
    expect(none.body.message).toEqual({ messageId: "state-1@mail.test", emailId: null, syncedByMe: false });
    const stored = await t.call(ws.adminToken, "POST", "/emails/batch", { emails: [input] });
    const byAdmin = await lookup(member.token, ["jill@eu.umbrella.test"], " <STATE-1@mail.test> ");
    expect(byAdmin.body.message).toEqual({
      messageId: "state-1@mail.test",
      emailId: stored.body.results[0].emailId,
      syncedByMe: false,
    });
    await t.call(member.token, "POST", "/emails/batch", { emails: [input] });
    expect((await lookup(member.token, ["a@b.test"], "<state-1@mail.test>")).body.message.syncedByMe).toBe(
      true,
    );
    const many = Array.from({ length: 101 }, (_, i) => `p${i}@x.test`);
    const tooMany = await lookup(member.token, many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe("too_many_emails");
    expect((await t.call(member.token, "GET", "/lookup")).status).toBe(400);
  });

  it("reports a message's state by the SHA-256 of its normalized Message-ID, through the index", async () => {
    const member = await ws.member();
    const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
    const byHash = (hash: string) =>
      t.call(member.token, "GET", `/lookup?email=jill%40eu.umbrella.test&messageIdSha256=${hash}`);
    // A key with non-ASCII characters proves the hash is taken over UTF-8, as clients compute it.
    const input = emailInput({
      from: "jill@eu.umbrella.test",
      to: member.email,
      messageId: "<Hash-Ü1@Mail.Test>",
    });
    const hash = sha256("hash-ü1@mail.test");
    expect((await byHash(hash)).body.message).toEqual({ messageId: hash, emailId: null, syncedByMe: false });
    const stored = await t.call(member.token, "POST", "/emails/batch", { emails: [input] });
    const emailId = stored.body.results[0].emailId;
    expect((await byHash(hash)).body.message).toEqual({ messageId: hash, emailId, syncedByMe: true });
    expect((await byHash(hash.toUpperCase())).body.message.emailId).toBe(emailId);
    // Another workspace's user never learns that the message exists.
    const other = await t.workspace();
    const foreign = await t.call(
      other.adminToken,
      "GET",
      `/lookup?email=jill%40eu.umbrella.test&messageIdSha256=${hash}`,
    );
    expect(foreign.body.message).toEqual({ messageId: hash, emailId: null, syncedByMe: false });
    // Only a well-formed hash is accepted.
    for (const bad of ["abc", "g".repeat(64), `${hash}0`]) {
      expect((await byHash(bad)).status).toBe(400);
    }
    // The query uses the expression index (with sequential scans off, so the tiny table does not hide it).
    const plan = await t.db.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const result = await tx.execute(
        sql`explain select id from emails where workspace_id = ${ws.id} and touchbase_sha256_hex(message_key) = ${hash}`,
      );
      return JSON.stringify((result as { rows?: unknown }).rows ?? result);
    });
    expect(plan).toContain("emails_workspace_message_key_sha256");
  });
});
