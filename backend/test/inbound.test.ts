import { connect } from "node:net";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildCustomerIndex,
  InboundResultSchema,
  isPersonalDomain,
  normalizeAddress,
  parseAddressList,
  type CustomerIndexSnapshot,
} from "../../shared/index";
import { fixtureEmails } from "../src/demo/fixture-emails";
import { parseRawMessage } from "../src/inbound/mime-to-email";
import { startSmtpListener } from "../src/inbound/smtp-listener";
import { type DkimKey, localResolver, publishDkimKey, signMessage, signRawMessage } from "./mail-auth";
import { createTestApp, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

const fixtures = fixtureEmails();

/** A tiny SMTP client: enough of RFC 5321 to hand one message to the listener. */
async function sendSmtp(port: number, from: string, to: string, message: string): Promise<string[]> {
  const socket = connect(port, "127.0.0.1");
  socket.setEncoding("utf8");
  const replies: string[] = [];
  let buffer = "";
  let waiting: ((line: string) => void) | null = null;
  socket.on("data", (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\r\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 2);
      if (/^\d{3} /.test(line)) {
        replies.push(line);
        waiting?.(line);
        waiting = null;
      }
    }
  });
  const reply = () => new Promise<string>((r) => (waiting = r));
  const say = async (line: string) => {
    const next = reply();
    socket.write(`${line}\r\n`);
    return next;
  };
  await reply();
  await say("EHLO test.local");
  await say(`MAIL FROM:<${from}>`);
  await say(`RCPT TO:<${to}>`);
  await say("DATA");
  await say(`${message.replace(/\r?\n/g, "\r\n").replace(/^\./gm, "..")}\r\n.`);
  await say("QUIT");
  socket.end();
  return replies;
}

describe.each(databaseKinds)("inbound mail on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp(kind);
    ws = await t.workspace({ internalDomains: ["northwind.test"] });
  });
  afterAll(() => t?.close());

  const post = (key: string, raw: Uint8Array | string) =>
    t.app.request(`/api/v1/inbound/${key}`, {
      method: "POST",
      headers: { "content-type": "message/rfc822" },
      body: raw,
    });

  it("takes all 50 fixture emails: none crash the server, the customer ones are stored", async () => {
    expect(fixtures).toHaveLength(50);
    // Every fixture sender is a member; every non-personal recipient domain is a customer.
    const senders = new Set<string>();
    const domains = new Set<string>();
    for (const f of fixtures) {
      const parsed = await PostalMime.parse(f.raw);
      const from = parsed.from?.address ? normalizeAddress(parsed.from.address) : null;
      if (from) senders.add(from);
      for (const r of [...(parsed.to ?? []), ...(parsed.cc ?? [])]) {
        const address = r.address ? normalizeAddress(r.address) : null;
        const domain = address?.split("@")[1];
        if (domain && !isPersonalDomain(domain)) domains.add(domain);
      }
    }
    for (const s of senders) if (s !== ws.adminEmail) await ws.member(s);
    // The fixtures' own signatures name keys no local DNS holds: each sender's domain gets a key in the local DNS
    // table and every fixture a signature of it, as its sender's mail server would add (inbound-verification.test.ts
    // tests the verification itself). The rest of each message's bytes are the real ones. A few use obsolete
    // syntax no signer covers (`From  :`, comments inside the domain): their domains, none of them a personal
    // provider (never taken unsigned), are allowed unsigned as an admin would.
    const allowed = await t.call(ws.adminToken, "PATCH", "/workspace", {
      inboundUnsignedDomains: [
        ...new Set([...senders].map((s) => s.slice(s.indexOf("@") + 1)).filter((d) => !isPersonalDomain(d))),
      ],
    });
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(200);
    const keys = new Map<string, DkimKey>();
    for (const s of senders) {
      const domain = s.slice(s.indexOf("@") + 1);
      if (!keys.has(domain)) keys.set(domain, publishDkimKey(t.dns, domain));
    }
    const signed = new Map<string, Buffer>();
    for (const f of fixtures) {
      const { senderAddress } = await parseRawMessage(f.raw);
      const domain = senderAddress ? normalizeAddress(senderAddress)?.split("@")[1] : undefined;
      const key = domain ? keys.get(domain) : undefined;
      signed.set(f.name, key ? await signRawMessage(f.raw, key) : f.raw);
    }
    let n = 0;
    for (const d of domains) {
      const res = await t.call(ws.adminToken, "POST", "/customers", {
        name: `Customer ${++n}`,
        domains: [d],
      });
      expect([201, 409]).toContain(res.status);
    }
    const snapshot = (await t.call(ws.adminToken, "GET", "/customer-index")).body as CustomerIndexSnapshot;
    const index = buildCustomerIndex(snapshot);
    expect(snapshot.customers.length).toBeGreaterThan(3);

    const seenKeys = new Set<string>();
    let stored = 0;
    for (const f of fixtures) {
      const res = await post(ws.inboundKey, signed.get(f.name) as Buffer);
      expect(res.status, f.name).toBeLessThan(500);
      const body = (await res.json()) as Record<string, unknown>;
      const { input, senderAddress } = await parseRawMessage(f.raw);
      // The sender as the MIME parser reads it, else as the core reads the raw From header.
      const sender = [senderAddress, ...parseAddressList(input.from).map((p) => p.address)]
        .map((a) => (a ? normalizeAddress(a) : null))
        .find((a): a is string => a !== null && senders.has(a));
      if (!sender) {
        expect(res.status, f.name).toBe(403);
        continue;
      }
      expect(res.status, `${f.name}: ${JSON.stringify(body)}`).toBe(202);
      const result = InboundResultSchema.parse(body);
      const expected = index.classify({ ...input, date: input.sentAt }, { addresses: [sender] });
      if (expected.related) {
        const key = input.messageId.toLowerCase();
        expect(result.status, f.name).toBe(seenKeys.has(key) ? "duplicate" : "stored");
        seenKeys.add(key);
        const detail = (await t.call(ws.adminToken, "GET", `/emails/${result.emailId}`)).body;
        expect(detail.messageId.toLowerCase()).toBe(key);
        // A duplicate Message-ID keeps the first copy; a stored one is exactly what the core decided.
        if (result.status === "stored") {
          expect(detail.source).toBe("bcc");
          expect(detail.customerIds.sort(), f.name).toEqual(
            expected.customers.map((c) => c.customerId).sort(),
          );
          stored++;
        }
      } else {
        expect(result.status, f.name).toBe(expected.reason === "excluded" ? "excluded" : "not-customer");
        expect(result.reason).toBe(expected.reason);
      }
    }
    expect(stored).toBeGreaterThanOrEqual(5);
  });

  it("answers garbage, empty bodies and unknown keys with a 4xx, and a non-member sender with 403", async () => {
    expect((await post(ws.inboundKey, "")).status).toBe(400);
    expect((await post("unknownkey", "From: a@b.test\r\n\r\nx")).status).toBe(404);
    const garbage = await post(ws.inboundKey, new Uint8Array([0, 255, 1, 2, 3, 0, 0]));
    expect(garbage.status).toBeGreaterThanOrEqual(400);
    expect(garbage.status).toBeLessThan(500);
    const stranger = await post(
      ws.inboundKey,
      "From: stranger@evil.test\r\nTo: x@y.test\r\nSubject: hi\r\n\r\nbody\r\n",
    );
    expect(stranger.status).toBe(403);
  });

  it("stores BCC'd mail from a member signed by their domain, and the SMTP listener takes it on SPF pass", async () => {
    const w = await t.workspace({ internalDomains: ["team.test"] });
    const key = publishDkimKey(t.dns, "team.test");
    const customer = (
      await t.call(w.adminToken, "POST", "/customers", { name: "Hooli", domains: ["hooli.test"] })
    ).body.id;
    const member = await w.member("rep@team.test");
    const raw = [
      `From: Rep <${member.email}>`,
      "To: Gavin Belson <gavin@hooli.test>",
      `Bcc: ${w.inboundKey}@inbound.touchbase.test`,
      "Subject: Renewal =?UTF-8?B?8J+Ome+4jw==?=",
      "Message-ID: <bcc-1@team.test>",
      "Date: Tue, 03 Mar 2026 10:00:00 +0000",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Let's talk about the renewal.",
      "",
    ].join("\r\n");
    const res = await post(w.inboundKey.toUpperCase(), await signMessage(raw, key));
    expect(res.status).toBe(202);
    const body = InboundResultSchema.parse(await res.json());
    expect(body.status).toBe("stored");
    const detail = (await t.call(w.adminToken, "GET", `/emails/${body.emailId}`)).body;
    expect(detail).toMatchObject({
      source: "bcc",
      direction: "outbound",
      customerIds: [customer],
      sentAt: "2026-03-03T10:00:00.000Z",
    });
    expect(detail.subject).toContain("Renewal");
    expect(detail.text).toContain("renewal");
    expect((await post(w.inboundKey, await signMessage(raw, key))).status).toBe(202);

    // Through the SMTP listener the connecting server is known: team.test's SPF record names it (no signature).
    t.dns.set("team.test", { TXT: ["v=spf1 ip4:127.0.0.1 -all"] });
    const smtp = await startSmtpListener(t.db.database.db, 0, "127.0.0.1", 1_000_000, {
      mime: t.mime,
      resolver: localResolver(t.dns),
    });
    try {
      const viaSmtp = raw.replace("bcc-1@team.test", "bcc-2@team.test");
      const replies = await sendSmtp(smtp.port, member.email, `${w.inboundKey}@mx.example`, viaSmtp);
      expect(replies.find((r) => r.startsWith("250") && /queued|ok|accepted/i.test(r))).toBeDefined();
      const look = await t.call(
        w.adminToken,
        "GET",
        "/lookup?email=gavin@hooli.test&messageId=bcc-2@team.test",
      );
      expect(look.body.message.emailId).not.toBeNull();
      const rejected = await sendSmtp(
        smtp.port,
        "stranger@evil.test",
        `${w.inboundKey}@mx.example`,
        viaSmtp.replace(member.email, "stranger@evil.test").replace("bcc-2", "bcc-3"),
      );
      expect(rejected.some((r) => r.startsWith("550"))).toBe(true);
    } finally {
      await smtp.close();
    }
  });
});
