// `/_sim/*`: the simulator's control API for tests, the harness and anyone trying flows by hand — list and
// mutate messages (delta then reports the change), generate mailboxes, inject faults and latency, read the log.
import { z } from "zod";
import type { GraphResponse } from "./graph-routes";
import { generateMailbox } from "./generate-mailbox";
import { messageHeaders } from "./generate-mailbox";
import { newId, type Mailbox, type SimMessage } from "./mailbox";
import type { GraphSimulator } from "./simulator-server";

const Address = z.union([
  z
    .string()
    .min(3)
    .transform((s) => parseOne(s)),
  z.object({ name: z.string().default(""), address: z.string().min(3) }),
]);
const NewMessage = z.object({
  mailbox: z.string(),
  folder: z.string().default("inbox"),
  from: Address,
  to: z.array(Address).default([]),
  cc: z.array(Address).default([]),
  bcc: z.array(Address).default([]),
  subject: z.string().default(""),
  html: z.string().optional(),
  text: z.string().optional(),
  internetMessageId: z.string().optional(),
  receivedDateTime: z.string().optional(),
  headers: z.record(z.string(), z.string()).default({}),
  conversationId: z.string().optional(),
  meetingMessageType: z
    .enum([
      "meetingRequest",
      "meetingCancelled",
      "meetingAccepted",
      "meetingTenativelyAccepted",
      "meetingDeclined",
    ])
    .optional(),
});
const Patch = z.object({
  mailbox: z.string(),
  subject: z.string().optional(),
  isRead: z.boolean().optional(),
  folder: z.string().optional(),
});
const Generate = z.object({
  mailbox: z.string(),
  count: z.number().int().min(0).max(100_000),
  customerRatio: z.number().min(0).max(1),
  customers: z.array(
    z.object({
      name: z.string().optional(),
      domains: z.array(z.string()).min(1),
      contacts: z
        .array(z.object({ address: z.string(), firstName: z.string(), lastName: z.string() }))
        .default([]),
    }),
  ),
  internalDomain: z.string().default("northwind-cs.com"),
  strangers: z.array(z.string()).optional(),
  bulkRatio: z.number().min(0).max(1).optional(),
  daysBack: z.number().positive().optional(),
  seed: z.number().int().optional(),
  /** A folder id, well-known name, or the name of a new folder under the Inbox to put every message in. */
  folder: z.string().optional(),
});
const Faults = z.object({
  faults: z
    .array(
      z.object({
        status: z.number().int().min(400).max(599),
        count: z.number().int().min(1).optional(),
        match: z.string().optional(),
        scope: z.enum(["request", "member", "any"]).optional(),
        /** A 429's Retry-After in seconds (a long throttle: up to an hour). */
        retryAfterSeconds: z.number().int().min(1).max(3600).optional(),
      }),
    )
    .optional(),
  clear: z.boolean().optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  maxConcurrent: z.number().int().min(1).optional(),
  rateLimit: z.object({ requests: z.number().int().min(1), windowMs: z.number().int().min(1) }).optional(),
});

function parseOne(raw: string): { name: string; address: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(raw);
  return m ? { name: m[1].trim(), address: m[2].trim() } : { name: "", address: raw.trim() };
}

const summary = (m: SimMessage) => ({
  id: m.id,
  folderId: m.folderId,
  internetMessageId: m.internetMessageId,
  subject: m.subject,
  from: m.from,
  to: m.to,
  cc: m.cc,
  bcc: m.bcc ?? [],
  meetingMessageType: m.meetingMessageType ?? null,
  receivedDateTime: m.receivedDateTime,
  conversationId: m.conversationId,
  isRead: m.isRead,
  kind: m.kind ?? null,
});

function bad(message: string, status = 400): GraphResponse {
  return { status, body: { error: { code: "BadRequest", message } } };
}

function parse<T extends z.ZodType>(
  schema: T,
  body: unknown,
): { ok: true; data: z.infer<T> } | { ok: false; response: GraphResponse } {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    response: bad(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")),
  };
}

export async function handleControl(
  sim: GraphSimulator,
  method: string,
  url: URL,
  body: unknown,
): Promise<GraphResponse> {
  const path = url.pathname.replace(/\/+$/, "");
  const mailboxOf = (address: string | null): Mailbox | null => {
    try {
      return address ? sim.mailbox(address) : null;
    } catch {
      return null;
    }
  };
  let m: RegExpExecArray | null;

  if (path === "/_sim/health")
    return { status: 200, body: { ok: true, mailboxes: [...sim.mailboxes.keys()] } };
  if (path === "/_sim/mailboxes" && method === "GET") {
    return {
      status: 200,
      body: [...sim.mailboxes.values()].map((mb) => ({
        owner: mb.owner,
        messageCount: mb.messages.size,
        folders: [...mb.folders.values()].map((f) => ({ ...f, totalItemCount: mb.messagesIn(f.id).length })),
      })),
    };
  }
  if (path === "/_sim/mailboxes" && method === "POST") {
    // Another person's mailbox (a second user signing in), created empty with the well-known folders.
    const parsed = parse(z.object({ address: z.string().min(3), name: z.string().default("") }), body);
    if (!parsed.ok) return parsed.response;
    const mb = sim.addMailbox({ address: parsed.data.address, name: parsed.data.name });
    return { status: 201, body: { owner: mb.owner } };
  }
  if (path === "/_sim/messages" && method === "GET") {
    const mb = mailboxOf(url.searchParams.get("mailbox"));
    if (!mb) return bad("Unknown mailbox.", 404);
    const folderParam = url.searchParams.get("folder");
    const folder = folderParam ? mb.folder(folderParam) : null;
    if (folderParam && !folder) return bad("Unknown folder.", 404);
    const list = folder ? mb.messagesIn(folder.id) : [...mb.messages.values()];
    list.sort((a, b) => Date.parse(b.receivedDateTime) - Date.parse(a.receivedDateTime));
    return { status: 200, body: list.map(summary) };
  }
  if (path === "/_sim/messages" && method === "POST") {
    const parsed = parse(NewMessage, body);
    if (!parsed.ok) return parsed.response;
    const input = parsed.data;
    const mb = mailboxOf(input.mailbox);
    const folder = mb?.folder(input.folder);
    if (!mb || !folder) return bad("Unknown mailbox or folder.", 404);
    const received = input.receivedDateTime ? new Date(input.receivedDateTime) : new Date();
    if (Number.isNaN(received.getTime())) return bad("receivedDateTime is not a date.");
    const base = {
      folderId: folder.id,
      internetMessageId:
        input.internetMessageId ?? `<sim-${newId("")}@${input.from.address.split("@")[1] ?? "sim.test"}>`,
      subject: input.subject,
      from: input.from,
      to: input.to,
      cc: input.cc,
      receivedDateTime: received.toISOString(),
      sentDateTime: received.toISOString(),
      conversationId: input.conversationId ?? newId("AAQk"),
    };
    const created = mb.add({
      ...base,
      body:
        input.html !== undefined
          ? { contentType: "html", content: input.html }
          : { contentType: "text", content: input.text ?? "" },
      internetMessageHeaders: messageHeaders(base, input.headers),
      isDraft: false,
      isRead: false,
      ...(input.bcc.length ? { bcc: input.bcc } : {}),
      ...(input.meetingMessageType ? { meetingMessageType: input.meetingMessageType } : {}),
    });
    return { status: 201, body: summary(created) };
  }
  if ((m = /^\/_sim\/messages\/([^/]+)$/.exec(path))) {
    const id = decodeURIComponent(m[1]);
    if (method === "GET") {
      const mb = mailboxOf(url.searchParams.get("mailbox"));
      const msg = mb?.messages.get(id);
      if (!msg) return bad("Unknown message.", 404);
      return {
        status: 200,
        body: { ...summary(msg), body: msg.body, internetMessageHeaders: msg.internetMessageHeaders },
      };
    }
    if (method === "DELETE") {
      const mb = mailboxOf(url.searchParams.get("mailbox"));
      if (!mb?.messages.has(id)) return bad("Unknown message.", 404);
      mb.delete(id);
      return { status: 204 };
    }
    if (method === "PATCH") {
      const parsed = parse(Patch, body);
      if (!parsed.ok) return parsed.response;
      const input = parsed.data;
      const mb = mailboxOf(input.mailbox);
      if (!mb?.messages.has(id)) return bad("Unknown message.", 404);
      const folder = input.folder ? mb.folder(input.folder) : undefined;
      if (input.folder && !folder) return bad("Unknown folder.", 404);
      const updated = mb.update(id, {
        ...(input.subject !== undefined ? { subject: input.subject } : {}),
        ...(input.isRead !== undefined ? { isRead: input.isRead } : {}),
        ...(folder ? { folderId: folder.id } : {}),
      });
      return { status: 200, body: summary(updated) };
    }
  }
  if (path === "/_sim/generate" && method === "POST") {
    const parsed = parse(Generate, body);
    if (!parsed.ok) return parsed.response;
    const input = parsed.data;
    const mb = mailboxOf(input.mailbox);
    if (!mb) return bad("Unknown mailbox.", 404);
    let folderId: string | undefined;
    if (input.folder) {
      const existing =
        mb.folder(input.folder) ?? [...mb.folders.values()].find((f) => f.displayName === input.folder);
      folderId = (existing ?? mb.addFolder(input.folder, mb.folder("inbox")!.id)).id;
    }
    const created = generateMailbox(mb, { ...input, owner: mb.owner, folderId });
    const kinds: Record<string, number> = {};
    for (const c of created) kinds[c.kind ?? "other"] = (kinds[c.kind ?? "other"] ?? 0) + 1;
    return { status: 201, body: { created: created.length, kinds, folderId: folderId ?? null } };
  }
  if (path === "/_sim/faults" && method === "POST") {
    const parsed = parse(Faults, body);
    if (!parsed.ok) return parsed.response;
    const input = parsed.data;
    if (input.clear) sim.clearFaults();
    if (input.faults) sim.injectFaults(input.faults);
    if (input.latencyMs !== undefined) sim.latencyMs = input.latencyMs;
    if (input.maxConcurrent !== undefined) sim.limits.maxConcurrent = input.maxConcurrent;
    if (input.rateLimit) sim.limits.rateLimit = input.rateLimit;
    return { status: 200, body: { latencyMs: sim.latencyMs, limits: sim.limits } };
  }
  if (path === "/_sim/log") {
    if (method === "DELETE") {
      sim.clearLog();
      return { status: 204 };
    }
    return { status: 200, body: sim.requests() };
  }
  if (path === "/_sim/delta/expire" && method === "POST") {
    sim.expireDeltaTokens();
    return { status: 204 };
  }
  if (path === "/_sim/stats" && method === "GET") {
    const mb = mailboxOf(url.searchParams.get("mailbox"));
    if (!mb) return bad("Unknown mailbox.", 404);
    const log = sim.requests().filter((r) => r.mailbox === mb.owner.address.toLowerCase());
    return {
      status: 200,
      body: {
        peakConcurrency: sim.peakConcurrency(mb.owner.address),
        throttled: log.filter((r) => r.throttled).length,
        mailboxConcurrency429: log.filter((r) => r.throttled === "MailboxConcurrency").length,
      },
    };
  }
  if (path === "/_sim/tokens/revoke" && method === "POST") {
    sim.revokeTokens();
    return { status: 204 };
  }
  return bad("Unknown simulator control path.", 404);
}
