// BCC inbound as an attacker meets it: a forged From, a signature of another domain, a message changed after
// signing, SPF through the SMTP listener, and MIME built to be expensive — each refused with a sentence and
// nothing stored; the server keeps answering.
import { connect } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/db/connect";
import { MimePool } from "../src/inbound/mime-pool";
import { DEFAULT_MIME_LIMITS } from "../src/inbound/mime-to-email";
import { startSmtpListener } from "../src/inbound/smtp-listener";
import { localResolver, publishDkimKey, signMessage, type DkimKey } from "./mail-auth";
import { createTestApp, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

const message = (from: string, id: string, body = "About the renewal.") =>
  [
    `From: Rep <${from}>`,
    "To: Gavin <gavin@hooli.test>",
    "Subject: Renewal",
    `Message-ID: <${id}@team.test>`,
    "Date: Tue, 03 Mar 2026 10:00:00 +0000",
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
    "",
  ].join("\r\n");

/** Sends one message over SMTP and returns the server's final reply to DATA. */
async function sendSmtp(port: number, mailFrom: string, to: string, raw: string): Promise<string> {
  const socket = connect(port, "127.0.0.1");
  socket.setEncoding("utf8");
  let buffer = "";
  const lines: string[] = [];
  let waiting: (() => void) | null = null;
  socket.on("data", (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\r\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 2);
      if (/^\d{3} /.test(line)) {
        lines.push(line);
        waiting?.();
      }
    }
  });
  const reply = () => new Promise<string>((r) => (waiting = () => r(lines[lines.length - 1])));
  await reply();
  const say = (line: string) => {
    const next = reply();
    socket.write(`${line}\r\n`);
    return next;
  };
  await say("EHLO mail.team.test");
  await say(`MAIL FROM:<${mailFrom}>`);
  await say(`RCPT TO:<${to}>`);
  await say("DATA");
  const final = await say(`${raw.replace(/^\./gm, "..")}\r\n.`);
  socket.end("QUIT\r\n");
  return final;
}

describe.each(databaseKinds)("BCC sender verification on %s", (kind) => {
  let t: TestApp;
  let w: TestWorkspace;
  let key: DkimKey;
  let member: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await t.workspace({ internalDomains: ["team.test"] });
    await t.call(w.adminToken, "POST", "/customers", { name: "Hooli", domains: ["hooli.test"] });
    member = (await w.member("rep@team.test")).email;
    key = publishDkimKey(t.dns, "team.test");
  });
  afterAll(() => t?.close());

  const post = (raw: string | Uint8Array, inboundKey = w.inboundKey) =>
    t.app.request(`/api/v1/inbound/${inboundKey}`, {
      method: "POST",
      headers: { "content-type": "message/rfc822" },
      body: raw,
    });
  const storedCount = async () =>
    (
      await queryRows<{ n: number }>(
        t.db.database.db,
        sql`select count(*)::int as n from emails where workspace_id = ${w.id}`,
      )
    )[0].n;

  it("stores a member's message signed by their domain", async () => {
    const res = await post(await signMessage(message(member, "signed-1"), key));
    expect(res.status).toBe(202);
    expect(((await res.json()) as { status: string }).status).toBe("stored");
  });

  it("refuses a forged From, another domain's signature and a message changed after signing; stores nothing", async () => {
    const before = await storedCount();
    const forged = await post(message(member, "forged-1"));
    expect(forged.status).toBe(403);
    const body = (await forged.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("sender_not_verified");
    expect(body.error.message).toContain("no valid DKIM signature of team.test");

    const evilKey = publishDkimKey(t.dns, "evil.test");
    expect((await post(await signMessage(message(member, "forged-2"), evilKey))).status).toBe(403);

    const signed = await signMessage(message(member, "forged-3"), key);
    const tampered = signed.replace("About the renewal.", "Wire the money to account 123.");
    expect((await post(tampered)).status).toBe(403);

    // A key that DNS no longer holds (rotated out) does not verify either.
    const gone = publishDkimKey(t.dns, "team.test", "old");
    const signedWithGone = await signMessage(message(member, "forged-4"), gone);
    t.dns.delete("old._domainkey.team.test");
    expect((await post(signedWithGone)).status).toBe(403);
    expect(await storedCount()).toBe(before);
  });

  it("takes unsigned mail from a domain an admin allowed, and only an admin may allow it", async () => {
    const m = await w.member("helper@team.test");
    const denied = await t.call(m.token, "PATCH", "/workspace", { inboundUnsignedDomains: ["team.test"] });
    expect(denied.status).toBe(403);
    const suffix = await t.call(w.adminToken, "PATCH", "/workspace", { inboundUnsignedDomains: ["co.uk"] });
    expect(suffix.status).toBe(400);
    expect(suffix.body.error.message).toMatch(/not one company's domain for unsigned BCC mail/);
    // Anyone can open a Gmail address, so unsigned "Gmail" mail could be anyone writing in a member's name.
    const personal = await t.call(w.adminToken, "PATCH", "/workspace", {
      inboundUnsignedDomains: ["team.test", "gmail.com"],
    });
    expect(personal.status).toBe(400);
    expect(personal.body.error.code).toBe("personal_domain");
    expect(personal.body.error.message).toMatch(/^gmail\.com is a personal email provider: anyone can open/);
    expect((await t.call(w.adminToken, "GET", "/workspace")).body.inboundUnsignedDomains).toEqual([]);
    const ok = await t.call(w.adminToken, "PATCH", "/workspace", { inboundUnsignedDomains: ["Team.test"] });
    expect(ok.status).toBe(200);
    expect(ok.body.inboundUnsignedDomains).toEqual(["team.test"]);
    expect((await t.call(m.token, "GET", "/workspace")).body.inboundUnsignedDomains).toBeUndefined();
    const res = await post(message(member, "unsigned-allowed"));
    expect(res.status).toBe(202);
    await t.call(w.adminToken, "PATCH", "/workspace", { inboundUnsignedDomains: [] });
    expect((await post(message(member, "unsigned-again"))).status).toBe(403);
  });

  it("through the SMTP listener: SPF pass for the sender's domain vouches for it, SPF fail does not", async () => {
    const smtp = await startSmtpListener(t.db.database.db, 0, "127.0.0.1", 2_000_000, {
      mime: t.mime,
      resolver: localResolver(t.dns),
    });
    try {
      t.dns.set("team.test", { TXT: ["v=spf1 ip4:192.0.2.10 -all"] });
      const failed = await sendSmtp(smtp.port, member, `${w.inboundKey}@mx.test`, message(member, "spf-1"));
      expect(failed).toMatch(/^550 .*DKIM/);
      t.dns.set("team.test", { TXT: ["v=spf1 ip4:127.0.0.1 -all"] });
      const passed = await sendSmtp(smtp.port, member, `${w.inboundKey}@mx.test`, message(member, "spf-2"));
      expect(passed).toMatch(/^250 /);
      // SPF vouches for the envelope's domain only: another domain's pass does not cover the From.
      t.dns.set("evil.test", { TXT: ["v=spf1 ip4:127.0.0.1 -all"] });
      const other = await sendSmtp(
        smtp.port,
        "x@evil.test",
        `${w.inboundKey}@mx.test`,
        message(member, "spf-3"),
      );
      expect(other).toMatch(/^550 /);
    } finally {
      t.dns.delete("team.test");
      await smtp.close();
    }
  });

  it("refuses MIME built to be expensive with a sentence, and still answers", async () => {
    const head = `From: ${member}\r\nTo: gavin@hooli.test\r\nSubject: x\r\n`;
    // 1.5 million parts (~15 MB): refused by the pre-scan in the worker.
    const manyParts = Buffer.concat([
      Buffer.from(`${head}Content-Type: multipart/mixed; boundary="b"\r\n\r\n`),
      Buffer.from("--b\r\n\r\nx\r\n".repeat(1_500_000)),
      Buffer.from("--b--\r\n"),
    ]);
    const parts = await post(new Uint8Array(manyParts));
    expect(parts.status).toBe(400);
    const partsBody = (await parts.json()) as { error: { code: string; message: string } };
    expect(partsBody.error).toMatchObject({ code: "too_many_parts" });
    expect(partsBody.error.message).toMatch(/more than 1000 MIME parts/);

    // A message nested 20,000 deep as message/rfc822.
    const nested = head + "Content-Type: message/rfc822\r\n\r\n".repeat(20_000) + "body\r\n";
    const deep = await post(nested);
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as { error: { code: string } }).error.code).toBe("too_many_parts");

    // Multiparts nested 30 deep (few parts, but deeper than 20 levels).
    let body = "x";
    for (let i = 30; i > 0; i--) {
      body = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${body}\r\n--n${i}--`;
    }
    const nestedMultipart = await post(`${head}${body}\r\n`);
    expect(nestedMultipart.status).toBe(400);
    expect(((await nestedMultipart.json()) as { error: { code: string } }).error.code).toBe(
      "too_deeply_nested",
    );

    const headers = `From: ${member}\r\n${"X-Filler: y\r\n".repeat(1500)}\r\nbody\r\n`;
    const tooManyHeaders = await post(headers);
    expect(tooManyHeaders.status).toBe(400);
    expect(((await tooManyHeaders.json()) as { error: { code: string } }).error.code).toBe(
      "too_many_headers",
    );

    const huge = await post(new Uint8Array(26 * 1024 * 1024).fill(0x61));
    expect(huge.status).toBe(413);

    expect((await t.app.request("/health")).status).toBe(200);
    expect((await post(await signMessage(message(member, "after-attack"), key))).status).toBe(202);
  });
});

describe("the MIME worker pool", () => {
  it("stops a worker that outlives its time budget, refuses the message with a sentence, and goes on", async () => {
    const slow = new MimePool({ ...DEFAULT_MIME_LIMITS, timeoutMs: 1 }, undefined, 1);
    const raw = new TextEncoder().encode(`From: a@b.test\r\nSubject: x\r\n\r\n${"hello\r\n".repeat(20_000)}`);
    try {
      await expect(slow.read(raw)).rejects.toMatchObject({ code: "message_too_slow" });
      await expect(slow.read(raw)).rejects.toMatchObject({ code: "message_too_slow" });
    } finally {
      await slow.close();
    }
    const normal = new MimePool(DEFAULT_MIME_LIMITS, undefined, 1);
    try {
      const read = await normal.read(raw);
      expect(read.summary.text?.startsWith("hello")).toBe(true);
    } finally {
      await normal.close();
    }
  });

  it("refuses at once when its queue is full instead of holding every message in memory", async () => {
    const pool = new MimePool(DEFAULT_MIME_LIMITS, undefined, 1, 2);
    const raw = new TextEncoder().encode("From: a@b.test\r\n\r\nhi\r\n");
    try {
      const results = await Promise.allSettled([0, 1, 2, 3, 4].map(() => pool.read(raw)));
      const busy = results.filter(
        (r) => r.status === "rejected" && (r.reason as { code: string }).code === "busy",
      );
      expect(busy.length).toBeGreaterThan(0);
      expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });
});
