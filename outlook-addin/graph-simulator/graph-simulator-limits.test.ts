import { afterEach, describe, expect, it } from "vitest";
import type { SimMessage } from "./mailbox";
import { startGraphSimulator, type GraphSimulator, type SimulatorOptions } from "./simulator-server";

// Graph's documented behaviours the add-in depends on: batch members counted against the mailbox's 4 concurrent
// requests, expired delta tokens (410 Gone), Bcc on sent mail, meeting messages as eventMessage.

const OWNER = { name: "Alex Admin", address: "admin@touchbase.local" };
let sim: GraphSimulator | null = null;
afterEach(async () => {
  await sim?.stop();
  sim = null;
});

async function setup(options: SimulatorOptions = {}) {
  sim = await startGraphSimulator(options);
  const mailbox = sim.addMailbox(OWNER);
  const token = sim.issueToken(OWNER.address);
  const s = sim;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const url = path.startsWith("http") ? path : `${s.graphUrl}${path}`;
    const r = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: r.status,
      headers: r.headers,
      body: (await r.json().catch(() => null)) as Record<string, unknown>,
    };
  };
  return { sim, mailbox, call };
}

const message = (
  overrides: Partial<SimMessage> & { folderId: string },
): Omit<SimMessage, "id" | "regularId" | "changeKey" | "lastModifiedDateTime"> => ({
  internetMessageId: `<m-${Math.random().toString(36).slice(2)}@acme.com>`,
  subject: "Hello",
  from: { name: "Wile", address: "wile.coyote@acme.com" },
  to: [OWNER],
  cc: [],
  receivedDateTime: new Date().toISOString(),
  sentDateTime: new Date().toISOString(),
  conversationId: "c",
  body: { contentType: "html", content: "<p>Hi</p>" },
  internetMessageHeaders: [],
  isDraft: false,
  isRead: false,
  ...overrides,
});

type BatchAnswer = { responses: { id: string; status: number; body: { error?: { message?: string } } }[] };
const batchOf = (n: number) => ({
  requests: Array.from({ length: n }, (_, i) => ({
    id: String(i),
    method: "GET",
    url: "/me/mailFolders/inbox",
  })),
});

describe("Graph simulator: a $batch's members count against the mailbox's 4 concurrent requests", () => {
  it("runs a lone batch of 20 four members at a time: all succeed, never more than 4 at once", async () => {
    const { sim, call } = await setup({ latencyMs: 30 });
    const started = Date.now();
    const answer = await call("POST", "/$batch", batchOf(20));
    const body = answer.body as unknown as BatchAnswer;
    expect(body.responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(sim.peakConcurrency(OWNER.address)).toBe(4);
    // The exchange plus five waves of four members, each taking the service time.
    expect(Date.now() - started).toBeGreaterThanOrEqual(6 * 30 - 5);
  });

  it("answers 429 MailboxConcurrency inside the batch for members that find the mailbox busy", async () => {
    const { sim, call } = await setup({ latencyMs: 60 });
    const [a, b] = await Promise.all([
      call("POST", "/$batch", batchOf(8)),
      call("POST", "/$batch", batchOf(8)),
    ]);
    const members = [
      ...(a.body as unknown as BatchAnswer).responses,
      ...(b.body as unknown as BatchAnswer).responses,
    ];
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const refused = members.filter((m) => m.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(4);
    expect(refused[0].body.error?.message).toBe("Application is over its MailboxConcurrency limit.");
    expect(members.filter((m) => m.status === 200).length).toBeGreaterThanOrEqual(4);
    expect(sim.peakConcurrency(OWNER.address)).toBe(4);
    const log = sim.requests().filter((r) => r.kind === "member" && r.status === 429);
    expect(log.every((r) => r.throttled === "MailboxConcurrency")).toBe(true);
  });

  it("a plain request next to a running batch of 4+ members is refused", async () => {
    const { call } = await setup({ latencyMs: 80 });
    const batch = call("POST", "/$batch", batchOf(4));
    await new Promise((r) => setTimeout(r, 100)); // the exchange's own latency has passed: members are running
    const single = await call("GET", "/me/mailFolders/inbox");
    expect(single.status).toBe(429);
    expect(((await batch).body as unknown as BatchAnswer).responses.map((r) => r.status)).toEqual([
      200, 200, 200, 200,
    ]);
  });
});

describe("Graph simulator: delta tokens expire like Graph's", () => {
  it("answers 410 Gone with SyncStateNotFound and a Location to start over", async () => {
    const { sim, mailbox, call } = await setup();
    mailbox.add(message({ folderId: mailbox.folder("inbox")!.id }));
    const first = await call(
      "GET",
      "/me/mailFolders/inbox/messages/delta?$filter=receivedDateTime ge 2020-01-01T00:00:00Z&$select=id,subject",
    );
    const deltaLink = String(first.body["@odata.deltaLink"]);
    expect((await call("GET", deltaLink)).status).toBe(200);
    sim.expireDeltaTokens();
    const gone = await call("GET", deltaLink);
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ error: { code: "SyncStateNotFound" } });
    const restart = gone.headers.get("location")!;
    expect(decodeURIComponent(restart)).toContain("$filter=receivedDateTime ge 2020-01-01T00:00:00.000Z");
    expect(decodeURIComponent(restart)).toContain("$select=id,subject");
    const again = await call("GET", restart);
    expect(again.status).toBe(200);
    expect(again.body.value).toHaveLength(1);
  });

  it("forgets tokens older than their lifetime", async () => {
    const { mailbox, call } = await setup({ deltaTokenTtlMs: 50 });
    mailbox.add(message({ folderId: mailbox.folder("inbox")!.id }));
    const first = await call("GET", "/me/mailFolders/inbox/messages/delta");
    await new Promise((r) => setTimeout(r, 80));
    expect((await call("GET", String(first.body["@odata.deltaLink"]))).status).toBe(410);
  });
});

describe("Graph simulator: Bcc and meeting messages", () => {
  it("shows Bcc on sent mail and marks meeting messages as eventMessage, even under $select", async () => {
    const { mailbox, call } = await setup();
    const sent = mailbox.add(
      message({
        folderId: mailbox.folder("sentitems")!.id,
        from: OWNER,
        to: [{ name: "Sam", address: "sam@northwind-cs.com" }],
        bcc: [{ name: "Wile", address: "wile.coyote@acme.com" }],
      }),
    );
    const meeting = mailbox.add(
      message({ folderId: mailbox.folder("inbox")!.id, meetingMessageType: "meetingRequest" }),
    );
    const plain = mailbox.add(message({ folderId: mailbox.folder("inbox")!.id }));
    const select = "$select=id,subject,bccRecipients";
    expect((await call("GET", `/me/messages/${sent.id}?${select}`)).body).toMatchObject({
      bccRecipients: [{ emailAddress: { address: "wile.coyote@acme.com" } }],
    });
    const listed = (await call("GET", `/me/mailFolders/inbox/messages?${select}`)).body.value as Record<
      string,
      unknown
    >[];
    expect(listed.find((m) => m.id === meeting.regularId)).toMatchObject({
      "@odata.type": "#microsoft.graph.eventMessage",
    });
    expect(listed.find((m) => m.id === meeting.regularId)).not.toHaveProperty("meetingMessageType");
    expect(listed.find((m) => m.id === plain.regularId)).not.toHaveProperty("@odata.type");
    expect((await call("GET", `/me/messages/${meeting.id}`)).body).toMatchObject({
      "@odata.type": "#microsoft.graph.eventMessage",
      meetingMessageType: "meetingRequest",
    });
    // As on Graph: the property belongs to eventMessage and cannot be selected on messages.
    const refused = await call("GET", `/me/mailFolders/inbox/messages?$select=id,meetingMessageType`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: "RequestBroker--ParseUri" } });
  });
});
