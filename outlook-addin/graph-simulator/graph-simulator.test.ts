import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_CUSTOMERS } from "../../dev/demo-workspace";
import { generateMailbox } from "./generate-mailbox";
import type { Mailbox } from "./mailbox";
import { startGraphSimulator, type GraphSimulator, type SimulatorOptions } from "./simulator-server";
import { startSimulatorProcess } from "./sidecar-process";

const OWNER = { name: "Alex Admin", address: "admin@touchbase.local" };
let sim: GraphSimulator | null = null;
afterEach(async () => {
  await sim?.stop();
  sim = null;
});

async function setup(options: SimulatorOptions = {}, count = 0) {
  sim = await startGraphSimulator(options);
  const mailbox = sim.addMailbox(OWNER);
  if (count) {
    generateMailbox(mailbox, {
      owner: OWNER,
      count,
      customerRatio: 0.3,
      customers: DEMO_CUSTOMERS,
      internalDomain: "northwind-cs.com",
      seed: 7,
      folderId: mailbox.folder("inbox")!.id,
    });
  }
  const token = sim.issueToken(OWNER.address);
  const s = sim;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const url = path.startsWith("http") ? path : `${s.graphUrl}${path}`;
    const r = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
    return {
      status: r.status,
      headers: r.headers,
      body: (await r.json().catch(() => null)) as Record<string, unknown>,
    };
  };
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${s.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json().catch(() => null)) as Record<string, unknown> };
  };
  return { sim, mailbox, token, get, post };
}

async function drainDelta(
  get: (p: string, h?: Record<string, string>) => Promise<{ body: Record<string, unknown> }>,
  first: string,
  pageSize = 25,
) {
  const items: Record<string, unknown>[] = [];
  let next: string | undefined = first;
  let deltaLink = "";
  let requests = 0;
  while (next) {
    const { body } = await get(next, { Prefer: `odata.maxpagesize=${pageSize}` });
    requests++;
    items.push(...(body.value as Record<string, unknown>[]));
    next = body["@odata.nextLink"] as string | undefined;
    deltaLink = (body["@odata.deltaLink"] as string) ?? deltaLink;
  }
  return { items, deltaLink, requests };
}

const addOne = (mailbox: Mailbox, subject: string, folder = "inbox") =>
  mailbox.add({
    folderId: mailbox.folder(folder)!.id,
    internetMessageId: `<${subject.replace(/\W/g, "")}@acme.com>`,
    subject,
    from: { name: "Wile", address: "wile.coyote@acme.com" },
    to: [OWNER],
    cc: [],
    receivedDateTime: new Date().toISOString(),
    sentDateTime: new Date().toISOString(),
    conversationId: "c",
    body: { contentType: "html", content: "<p>Hi</p>" },
    internetMessageHeaders: [{ name: "Message-ID", value: "<x@acme.com>" }],
    isDraft: false,
    isRead: false,
  });

describe("Graph simulator: auth, CORS, resources", () => {
  it("issues bearer tokens and refuses requests without one, in Graph's error shape", async () => {
    const { sim } = await setup();
    const r = await fetch(`${sim.graphUrl}/me`);
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ error: { code: "InvalidAuthenticationToken" } });
    const t = await fetch(`${sim.url}/token`, {
      method: "POST",
      body: JSON.stringify({ mailbox: OWNER.address }),
    });
    expect(await t.json()).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "Mail.Read" });
    const bad = await fetch(`${sim.url}/token`, {
      method: "POST",
      body: JSON.stringify({ mailbox: "nobody@x.com" }),
    });
    expect(bad.status).toBe(400);
  });

  it("answers CORS for loopback and configured origins, without exposing Retry-After (as Graph)", async () => {
    const { sim } = await setup({ allowedOrigins: ["https://touchbase.example.com"] });
    const pre = await fetch(`${sim.graphUrl}/me/messages/x`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:3000", "access-control-request-headers": "authorization,prefer" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(pre.headers.get("access-control-allow-headers")).toContain("prefer");
    expect(pre.headers.get("access-control-expose-headers")).toBeNull();
    const other = await fetch(`${sim.graphUrl}/me`, { headers: { origin: "https://touchbase.example.com" } });
    expect(other.headers.get("access-control-allow-origin")).toBe("https://touchbase.example.com");
    const evil = await fetch(`${sim.graphUrl}/me`, { headers: { origin: "https://evil.example.com" } });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("returns messages in Graph's shape, honouring $select, headers-on-request and the body-type preference", async () => {
    const { mailbox, get } = await setup();
    const m = addOne(mailbox, "Shape check");
    const full = await get(`/me/messages/${m.id}`);
    expect(full.body).toMatchObject({
      id: m.regularId,
      subject: "Shape check",
      from: { emailAddress: { name: "Wile", address: "wile.coyote@acme.com" } },
      toRecipients: [{ emailAddress: { address: OWNER.address } }],
      body: { contentType: "html", content: "<p>Hi</p>" },
      parentFolderId: mailbox.folder("inbox")!.id,
    });
    expect(full.body).not.toHaveProperty("internetMessageHeaders");
    const some = await get(`/me/messages/${m.id}?$select=subject,internetMessageHeaders,body`, {
      Prefer: 'outlook.body-content-type="text"',
    });
    expect(Object.keys(some.body).sort()).toEqual([
      "@odata.etag",
      "body",
      "id",
      "internetMessageHeaders",
      "subject",
    ]);
    expect(some.body.body).toEqual({ contentType: "text", content: "Hi" });
    expect((await get(`/me/messages/${m.id}?$select=nonsense`)).status).toBe(400);
    expect((await get("/me/messages/AAMknothere")).body).toMatchObject({
      error: { code: "ErrorItemNotFound" },
    });
  });

  it("lists a folder with $filter, $orderby, $top and nextLink paging", async () => {
    const { mailbox, get } = await setup({}, 120);
    const inbox = mailbox.folder("inbox")!;
    const cutoff = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const want = mailbox.messagesIn(inbox.id).filter((m) => m.receivedDateTime >= cutoff).length;
    const seen: string[] = [];
    let next: string | undefined =
      `/me/mailFolders/inbox/messages?$filter=receivedDateTime ge ${cutoff}&$select=receivedDateTime&$top=30&$orderby=receivedDateTime desc`;
    while (next) {
      const { body } = await get(next);
      seen.push(...(body.value as { receivedDateTime: string }[]).map((v) => v.receivedDateTime));
      next = body["@odata.nextLink"] as string | undefined;
    }
    expect(seen).toHaveLength(want);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect((await get("/me/mailFolders/inbox/messages?$filter=subject eq 'x'")).status).toBe(400);
  });
});

describe("Graph simulator: delta", () => {
  it("pages the initial round, ends with a deltaLink, and replays it: nothing new, then adds, changes, moves and deletes", async () => {
    const { mailbox, get } = await setup({}, 60);
    const first = await drainDelta(get, "/me/mailFolders/inbox/messages/delta?$select=subject");
    expect(first.items).toHaveLength(60);
    expect(first.requests).toBe(3);
    expect(first.deltaLink).toContain("$deltatoken=");

    const quiet = await drainDelta(get, first.deltaLink);
    expect(quiet).toMatchObject({ items: [], requests: 1 });

    const [a, b, c] = mailbox.messagesIn(mailbox.folder("inbox")!.id);
    const added = addOne(mailbox, "Brand new");
    mailbox.update(a.id, { isRead: true });
    mailbox.move(b.id, "archive");
    mailbox.delete(c.id);
    const changes = await drainDelta(get, quiet.deltaLink);
    expect(changes.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: added.regularId, subject: "Brand new" }),
        expect.objectContaining({ id: a.regularId }),
        { "@odata.type": "#microsoft.graph.message", id: b.regularId, "@removed": { reason: "changed" } },
        { "@odata.type": "#microsoft.graph.message", id: c.regularId, "@removed": { reason: "deleted" } },
      ]),
    );
    expect(changes.items).toHaveLength(4);
    const archive = await drainDelta(get, "/me/mailFolders/archive/messages/delta?$select=subject");
    expect(archive.items.map((i) => i.id)).toEqual([mailbox.messages.get(b.id)!.regularId]);
  });

  // As Graph documents (learn.microsoft.com/graph/outlook-immutable-id): a message's id changes when it moves to
  // another folder, unless the request says `Prefer: IdType="ImmutableId"` (per request, batch members too).
  it("changes a moved message's id, unless the request asked for immutable ids", async () => {
    const { mailbox, get, post } = await setup();
    const moving = addOne(mailbox, "Moving");
    const immutable = { Prefer: 'IdType="ImmutableId"' };
    const before = (await get(`/me/messages/${moving.regularId}?$select=id`)).body.id as string;
    expect(before).toBe(moving.regularId);
    expect((await get(`/me/messages/${moving.id}?$select=id`, immutable)).body.id).toBe(moving.id);
    const inboxDelta = await drainDelta(get, "/me/mailFolders/inbox/messages/delta?$select=id");
    const inboxImmutable = await drainDelta(
      (p, h) => get(p, { ...h, ...immutable }),
      "/me/mailFolders/inbox/messages/delta?$select=id",
    );

    mailbox.move(moving.id, "archive");
    const after = mailbox.messages.get(moving.id)!;
    expect(after.regularId).not.toBe(before);
    // Without the header: the old id is gone, the inbox reports it removed by that id, the archive a new one.
    expect((await get(`/me/messages/${before}`)).status).toBe(404);
    expect((await get(`/me/messages/${after.regularId}?$select=id`)).body.id).toBe(after.regularId);
    expect((await drainDelta(get, inboxDelta.deltaLink)).items).toEqual([
      { "@odata.type": "#microsoft.graph.message", id: before, "@removed": { reason: "changed" } },
    ]);
    const archive = await drainDelta(get, "/me/mailFolders/archive/messages/delta?$select=id");
    expect(archive.items.map((i) => i.id)).toEqual([after.regularId]);
    // With it: the same id everywhere, before and after the move, in delta and in a batch member.
    const withHeader = (p: string, h?: Record<string, string>) => get(p, { ...h, ...immutable });
    expect((await drainDelta(withHeader, inboxImmutable.deltaLink)).items).toEqual([
      { "@odata.type": "#microsoft.graph.message", id: moving.id, "@removed": { reason: "changed" } },
    ]);
    const archiveImmutable = await drainDelta(
      withHeader,
      "/me/mailFolders/archive/messages/delta?$select=id",
    );
    expect(archiveImmutable.items.map((i) => i.id)).toEqual([moving.id]);
    const batch = await post("/v1.0/$batch", {
      requests: [
        { id: "1", method: "GET", url: `/me/messages/${moving.id}?$select=id`, headers: immutable },
        { id: "2", method: "GET", url: `/me/messages/${moving.id}?$select=id` },
      ],
    });
    const bodies = (batch.body.responses as { id: string; body: { id: string } }[]).sort((x, y) =>
      x.id.localeCompare(y.id),
    );
    expect(bodies.map((r) => r.body.id)).toEqual([moving.id, after.regularId]);
  });

  it("the same nextLink twice gives the same page (a retried request is safe)", async () => {
    const { get } = await setup({}, 30);
    const { body } = await get("/me/mailFolders/inbox/messages/delta?$select=id", {
      Prefer: "odata.maxpagesize=10",
    });
    const next = body["@odata.nextLink"] as string;
    const one = await get(next, { Prefer: "odata.maxpagesize=10" });
    const two = await get(next, { Prefer: "odata.maxpagesize=10" });
    expect(one.body.value).toEqual(two.body.value);
  });

  it("caps a receivedDateTime-filtered delta (newest first), accepts only ge/gt, and rejects foreign tokens", async () => {
    const { get } = await setup({ deltaCap: 40 }, 100);
    const capped = await drainDelta(
      get,
      "/me/mailFolders/inbox/messages/delta?$filter=receivedDateTime ge 2000-01-01T00:00:00Z&$select=receivedDateTime",
      15,
    );
    expect(capped.items).toHaveLength(40);
    const unfiltered = await drainDelta(get, "/me/mailFolders/inbox/messages/delta?$select=id", 50);
    expect(unfiltered.items).toHaveLength(100);
    expect(
      (await get("/me/mailFolders/inbox/messages/delta?$filter=receivedDateTime lt 2030-01-01T00:00:00Z"))
        .status,
    ).toBe(400);
    expect((await get("/me/mailFolders/inbox/messages/delta?$skiptoken=forged.0")).status).toBe(400);
    const link = unfiltered.deltaLink.replace("/inbox/", "/x/");
    expect((await get(link.replace(/mailFolders\/[^/]+/, "mailFolders/sentitems"))).status).toBe(400);
  });
});

describe("Graph simulator: $batch, throttling, faults, control API", () => {
  it("runs up to 20 requests per batch with per-request statuses", async () => {
    const { mailbox, post } = await setup();
    const m = addOne(mailbox, "Batch me");
    const ok = await post("/v1.0/$batch", {
      requests: [
        { id: "1", method: "GET", url: `/me/messages/${m.id}?$select=subject` },
        { id: "2", method: "GET", url: "me/messages/missing" },
      ],
    });
    expect(ok.body.responses).toEqual([
      expect.objectContaining({
        id: "1",
        status: 200,
        body: expect.objectContaining({ subject: "Batch me" }),
      }),
      expect.objectContaining({ id: "2", status: 404 }),
    ]);
    const tooMany = await post("/v1.0/$batch", {
      requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: "GET", url: "/me" })),
    });
    expect(tooMany.status).toBe(400);
  });

  it("answers 429 with Retry-After past 4 concurrent requests or past the rate", async () => {
    const { get, sim } = await setup({ latencyMs: 50 });
    const burst = await Promise.all(Array.from({ length: 8 }, () => get("/me")));
    const throttled = burst.filter((r) => r.status === 429);
    expect(throttled.length).toBe(4);
    expect(throttled[0].headers.get("retry-after")).toBe("1");
    expect(throttled[0].body).toMatchObject({ error: { code: "ApplicationThrottled" } });
    sim.latencyMs = 0;
    sim.limits.rateLimit = { requests: 3, windowMs: 60_000 };
    const sequential = [];
    for (let i = 0; i < 5; i++) sequential.push((await get("/me")).status);
    expect(sequential.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
  });

  it("injects faults and latency, logs requests, and lets tests mutate the mailbox over HTTP", async () => {
    const { sim, get, mailbox } = await setup();
    const control = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${sim.url}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      });
      return {
        status: r.status,
        body: r.status === 204 ? null : ((await r.json()) as Record<string, unknown>),
      };
    };
    await control("POST", "/_sim/faults", {
      faults: [{ status: 503, count: 2, match: "/me/mailFolders" }],
      latencyMs: 30,
    });
    expect((await get("/me/mailFolders")).status).toBe(503);
    expect((await get("/me/mailFolders")).status).toBe(503);
    const started = Date.now();
    expect((await get("/me/mailFolders")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);

    const created = await control("POST", "/_sim/messages", {
      mailbox: OWNER.address,
      folder: "inbox",
      from: "Hank Scorpio <hank.scorpio@globex.io>",
      to: [OWNER.address],
      subject: "Added over HTTP",
      html: "<p>hello</p>",
      headers: { "List-Id": "<x>" },
    });
    expect(created.status).toBe(201);
    const id = String(created.body?.id);
    expect(mailbox.messages.get(id)?.internetMessageHeaders).toEqual(
      expect.arrayContaining([{ name: "List-Id", value: "<x>" }]),
    );
    expect(
      (await control("PATCH", `/_sim/messages/${id}`, { mailbox: OWNER.address, folder: "archive" })).body,
    ).toMatchObject({
      folderId: mailbox.folder("archive")!.id,
    });
    expect((await control("DELETE", `/_sim/messages/${id}?mailbox=${OWNER.address}`)).status).toBe(204);
    const generated = await control("POST", "/_sim/generate", {
      mailbox: OWNER.address,
      count: 50,
      customerRatio: 0.2,
      customers: [{ domains: ["acme.com"] }],
      folder: "Big folder",
    });
    expect(generated.body).toMatchObject({ created: 50, kinds: expect.objectContaining({ customer: 10 }) });
    expect((await control("POST", "/_sim/generate", { mailbox: OWNER.address, count: -1 })).status).toBe(400);
    const log = (await control("GET", "/_sim/log")).body as unknown as { url: string; status: number }[];
    expect(log.filter((e) => e.url === "/me/mailFolders").map((e) => e.status)).toEqual([503, 503, 200]);
  });
});

describe("the sidecar (main.ts)", () => {
  it("listens on GRAPH_SIM_PORT, prints its URL and serves the demo admin's mailbox with the fixture emails", async () => {
    const child = await startSimulatorProcess({
      args: ["--import", "tsx", resolve(import.meta.dirname, "main.ts")],
      cwd: resolve(import.meta.dirname, "../.."),
      env: { TOUCHBASE_API_URL: "http://127.0.0.1:3999" },
    });
    try {
      const url = child.url;
      const out = child.output();
      expect(out).toMatch(/demo mailbox admin@touchbase\.local with \d+ messages \(50 fixture emails\)/);
      const token = (await (
        await fetch(`${url}/token`, {
          method: "POST",
          body: JSON.stringify({ mailbox: "admin@touchbase.local" }),
        })
      ).json()) as { access_token: string };
      const inbox = (await (
        await fetch(`${url}/v1.0/me/mailFolders/inbox`, {
          headers: { authorization: `Bearer ${token.access_token}` },
        })
      ).json()) as { totalItemCount: number };
      expect(inbox.totalItemCount).toBeGreaterThan(100);
      const cors = await fetch(`${url}/v1.0/me`, { headers: { origin: "http://127.0.0.1:3999" } });
      expect(cors.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:3999");
    } finally {
      await child.stop();
    }
  });
});
