import { afterEach, describe, expect, it } from "vitest";
import { startGraphSimulator, type GraphSimulator, type Mailbox } from "../../graph-simulator";
import { createGraphClient, jitterDelay } from "./graph-client";
import { GraphError } from "./graph-error";
import { memoryLimiter } from "./graph-limiter";
import { createSimulatorTokenProvider } from "./simulator-token-provider";

const OWNER = { name: "Alex", address: "alex@northwind-cs.com" };
let sim: GraphSimulator | null = null;

afterEach(async () => {
  await sim?.stop();
  sim = null;
});

async function setup(options: Parameters<typeof startGraphSimulator>[0] = {}) {
  sim = await startGraphSimulator(options);
  const mailbox = sim.addMailbox(OWNER);
  const tokens = createSimulatorTokenProvider({ graphUrl: sim.graphUrl, mailbox: OWNER.address });
  const waits: number[] = [];
  const client = createGraphClient({
    baseUrl: sim.graphUrl,
    tokens,
    retry: { baseDelayMs: 16, maxDelayMs: 2000, maxRetries: 5 },
    random: () => 0.999,
    sleep: async (ms) => {
      waits.push(ms);
      await new Promise((r) => setTimeout(r, Math.min(ms, 20)));
    },
  });
  return { sim, mailbox, client, waits };
}

/** A plain message in the Inbox (the client's tests read it back by id). */
function addMessage(mailbox: Mailbox, subject: string, internetMessageId: string) {
  return mailbox.add({
    folderId: mailbox.folder("inbox")!.id,
    internetMessageId,
    subject,
    from: { name: "", address: "a@acme.com" },
    to: [OWNER],
    cc: [],
    receivedDateTime: new Date().toISOString(),
    sentDateTime: new Date().toISOString(),
    conversationId: "c",
    body: { contentType: "text", content: "x" },
    internetMessageHeaders: [],
    isDraft: false,
    isRead: true,
  });
}

describe("Graph client against the simulator", () => {
  it("never has more than 4 requests in flight, so the mailbox concurrency limit is never hit", async () => {
    const { sim, client } = await setup({ latencyMs: 40 });
    await Promise.all(Array.from({ length: 16 }, () => client.get("/me/mailFolders/inbox")));
    const statuses = sim
      .requests()
      .filter((r) => r.url.startsWith("/me/"))
      .map((r) => r.status);
    expect(statuses).toHaveLength(16);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(client.requestCount).toBe(16);
  });

  it("sends a $batch only when the mailbox is free for its members: batches and requests together never earn a 429", async () => {
    const { sim, client } = await setup({ latencyMs: 20 });
    const batch = () =>
      client.batch(
        Array.from({ length: 20 }, (_, i) => ({
          id: String(i),
          method: "GET" as const,
          url: "/me/mailFolders/inbox?$select=id",
        })),
      );
    const answers = await Promise.all([
      batch(),
      batch(),
      ...Array.from({ length: 6 }, () => client.get("/me/mailFolders/inbox")),
      batch(),
    ]);
    expect(answers).toHaveLength(9);
    const log = sim.requests().filter((r) => r.url !== "/token");
    expect(log.filter((r) => r.status === 429)).toEqual([]);
    expect(log.filter((r) => r.kind === "member")).toHaveLength(60);
    expect(sim.peakConcurrency(OWNER.address)).toBe(4);
  });

  it("the pane and the ribbon command share the mailbox's slots through one limiter; apart they collide", async () => {
    const { sim } = await setup({ latencyMs: 25 });
    const tokens = createSimulatorTokenProvider({ graphUrl: sim.graphUrl, mailbox: OWNER.address });
    const work = (clients: ReturnType<typeof createGraphClient>[]) =>
      Promise.all(
        clients.map((c) =>
          c.batch(
            Array.from({ length: 8 }, (_, i) => ({
              id: String(i),
              method: "GET" as const,
              url: "/me/mailFolders/inbox?$select=id",
            })),
          ),
        ),
      );
    const retry = { baseDelayMs: 10, maxDelayMs: 50, maxRetries: 10 };
    const shared = memoryLimiter();
    await work(
      [0, 1].map(() => createGraphClient({ baseUrl: sim.graphUrl, tokens, retry, limiter: shared })),
    );
    expect(sim.requests().filter((r) => r.status === 429)).toEqual([]);

    sim.clearLog();
    await work([0, 1].map(() => createGraphClient({ baseUrl: sim.graphUrl, tokens, retry })));
    expect(sim.requests().filter((r) => r.throttled === "MailboxConcurrency").length).toBeGreaterThan(0);
  });

  it("a client allowed more would be throttled: the simulator enforces Graph's 4-request limit", async () => {
    const { sim, client } = await setup({ latencyMs: 40 });
    const token = await createSimulatorTokenProvider({
      graphUrl: sim.graphUrl,
      mailbox: OWNER.address,
    }).getGraphToken();
    const raw = await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(`${sim.graphUrl}/me/mailFolders/inbox`, { headers: { authorization: `Bearer ${token}` } }),
      ),
    );
    expect(raw.map((r) => r.status).filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(raw.find((r) => r.status === 429)?.headers.get("retry-after")).toBe("1");
    expect(client.requestCount).toBe(0);
  });

  it("backs off exponentially with jitter on 429, 503 and 504, then succeeds", async () => {
    const { sim, client, waits } = await setup();
    sim.injectFaults([
      { status: 429, count: 1 },
      { status: 503, count: 1 },
      { status: 504, count: 1 },
    ]);
    const folder = await client.get<{ displayName: string }>("/me/mailFolders/inbox");
    expect(folder.displayName).toBe("Inbox");
    expect(sim.requests().map((r) => r.status)).toEqual([200, 429, 503, 504, 200]); // token, 3 faults, success
    // random() ≈ 1 shows each ceiling: 16, 32, 64 ms (the 429 also pauses every other request).
    expect(waits.filter((w) => w >= 15)).toEqual([15, 31, 63]);
  });

  it("gives up after its retries with a sentence, and does not retry what cannot succeed", async () => {
    const { sim, client } = await setup();
    sim.injectFaults([{ status: 503, count: 10 }]);
    const error = await client.get("/me/mailFolders/inbox").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).message).toBe("Microsoft Graph had a problem. Try again in a moment.");
    expect(client.requestCount).toBe(6);

    sim.clearFaults();
    const missing = await client.get("/me/messages/AAMknope").catch((e: unknown) => e);
    expect(missing).toMatchObject({
      status: 404,
      code: "ErrorItemNotFound",
      message: "That folder or message no longer exists in your mailbox.",
    });
    expect(client.requestCount).toBe(7);
  });

  it("batches at most 20 requests and retries only the throttled members", async () => {
    const { sim, mailbox, client } = await setup();
    const ids = Array.from({ length: 20 }, (_, i) => addMessage(mailbox, `m${i}`, `<m${i}@acme.com>`).id);
    sim.injectFaults([{ status: 429, count: 3, scope: "member" }]);
    const answers = await client.batch<{ subject: string }>(
      ids.map((id, i) => ({ id: String(i), method: "GET", url: `/me/messages/${id}?$select=subject` })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.map((a) => a.body.subject)).toEqual(ids.map((_, i) => `m${i}`));
    const members = sim.requests().filter((r) => r.kind === "member");
    expect(members).toHaveLength(23); // 20 + the 3 throttled ones again
    expect(client.requestCount).toBe(2);
    await expect(
      client.batch(
        Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: "GET" as const, url: "/me" })),
      ),
    ).rejects.toThrow(/at most 20/);
  });

  it("waits as long as a throttled $batch member's Retry-After says before retrying it", async () => {
    const { sim, mailbox, client, waits } = await setup();
    const id = addMessage(mailbox, "slow", "<slow@acme.com>").id;
    sim.injectFaults([{ status: 429, count: 1, scope: "member", retryAfterSeconds: 7 }]);
    const [answer] = await client.batch<{ subject: string }>([
      { id: "0", method: "GET", url: `/me/messages/${id}?$select=subject` },
    ]);
    expect(answer.status).toBe(200);
    expect(waits).toContain(7000);
  });

  it("keeps going through a long throttle: 429s outlast its retries, and listeners hear when it resumes", async () => {
    const { sim, mailbox, client, waits } = await setup();
    const id = addMessage(mailbox, "long", "<long@acme.com>").id;
    const resumes: number[] = [];
    client.onThrottled?.((resumeAt) => resumes.push(resumeAt - Date.now()));
    sim.injectFaults([
      { status: 429, count: 8, scope: "request" },
      { status: 429, count: 8, scope: "member", retryAfterSeconds: 600 },
    ]);
    expect((await client.get<{ displayName: string }>("/me/mailFolders/inbox")).displayName).toBe("Inbox");
    const [answer] = await client.batch<{ subject: string }>([
      { id: "0", method: "GET", url: `/me/messages/${id}?$select=subject` },
    ]);
    expect(answer).toMatchObject({ status: 200, body: { subject: "long" } });
    // 8 throttled requests, then 8 throttled members each waited out for Graph's Retry-After (capped at 5 minutes).
    expect(waits.filter((w) => w === 300_000)).toHaveLength(8);
    expect(resumes).toHaveLength(16);
    expect(resumes.at(-1)).toBeGreaterThan(290_000);
  });

  it("asks for immutable ids on every request and every $batch member, beside the caller's own Prefer", async () => {
    const sent: { prefer: string | null; members: (Record<string, string> | undefined)[] }[] = [];
    const client = createGraphClient({
      baseUrl: "https://graph.test/v1.0",
      tokens: { getGraphToken: async () => "t" },
      fetch: async (_url, init) => {
        const headers = new Headers(init?.headers);
        const body = init?.body ? JSON.parse(String(init.body)) : null;
        sent.push({
          prefer: headers.get("prefer"),
          members: body?.requests?.map((r: never) => r["headers"]),
        });
        const answer = body ? { responses: [{ id: "0", status: 200, body: {} }] } : { value: [] };
        return new Response(JSON.stringify(answer), { status: 200 });
      },
    });
    await client.get("/me/messages", { headers: { Prefer: "odata.maxpagesize=10" } });
    await client.batch([{ id: "0", method: "GET", url: "/me/messages/x" }]);
    expect(sent[0].prefer).toBe('IdType="ImmutableId", odata.maxpagesize=10');
    expect(sent[1].members).toEqual([{ Prefer: 'IdType="ImmutableId"' }]);
  });

  it("reads the folder tree with well-known names and a message's folder", async () => {
    const { mailbox, client } = await setup();
    const inbox = mailbox.folder("inbox")!;
    const projects = mailbox.addFolder("Projects", inbox.id);
    mailbox.addFolder("Acme", projects.id);
    const tree = await client.folderTree();
    const inboxNode = tree.find((f) => f.id === inbox.id)!;
    expect(inboxNode).toMatchObject({ displayName: "Inbox", wellKnownName: "inbox" });
    expect(inboxNode.children.map((c) => c.displayName)).toEqual(["Projects"]);
    expect(inboxNode.children[0].children.map((c) => c.displayName)).toEqual(["Acme"]);
    expect(tree.find((f) => f.wellKnownName === "sentitems")?.displayName).toBe("Sent Items");
    const m = mailbox.add({
      folderId: projects.id,
      internetMessageId: "<x@acme.com>",
      subject: "x",
      from: { name: "", address: "a@acme.com" },
      to: [],
      cc: [],
      receivedDateTime: new Date().toISOString(),
      sentDateTime: new Date().toISOString(),
      conversationId: "c",
      body: { contentType: "text", content: "" },
      internetMessageHeaders: [],
      isDraft: false,
      isRead: true,
    });
    expect(await client.messageFolderId(m.id)).toBe(projects.id);
  });

  it("a revoked token is a sign-in problem, stated as one", async () => {
    const { sim, client } = await setup();
    await client.get("/me");
    sim.revokeTokens();
    await expect(client.get("/me")).rejects.toMatchObject({
      status: 401,
      message: "Your Microsoft sign-in has expired. Sign in again to sync folders.",
    });
  });
});

describe("jitterDelay", () => {
  it("grows exponentially up to the cap and is spread by the random draw", () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000, maxRetries: 5 };
    expect([0, 1, 2, 3, 4].map((a) => jitterDelay(a, policy, () => 0.999))).toEqual([99, 199, 399, 799, 999]);
    expect(jitterDelay(3, policy, () => 0.5)).toBe(400);
    expect(jitterDelay(3, policy, () => 0)).toBe(25); // never zero: a floor keeps a storm from re-firing at once
  });
});
