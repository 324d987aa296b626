import PostalMime from "postal-mime";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fallbackReply, ReplyPool } from "./reply-pool";
import { extractReply, MAX_TEXT_CHARS, replyTextOf } from "./reply-text";

// Reply extraction on real replies: mailgun/talon's corpus (shared/fixtures/eml/talon, each a "Hello" or "Hi"
// reply over quoted history from one client) and our own real-shaped samples per client and language
// (backend/test/reply-fixtures, expected text in each file's X-Expected-Reply header).

const TALON = join(import.meta.dirname, "../../../shared/fixtures/eml/talon");
const SAMPLES = join(import.meta.dirname, "../../test/reply-fixtures");

async function parse(path: string) {
  const email = await PostalMime.parse(readFileSync(path));
  const expected = email.headers.find((h) => h.key === "x-expected-reply")?.value.replaceAll("\\n", "\n");
  return { text: email.text ?? null, html: email.html ?? null, expected };
}

describe("reply text on the talon corpus (real client output)", () => {
  const cases: [string, string][] = [
    ["android.eml", "Hello"], // Russian "… написал:" header the library lacks
    ["aol.eml", "Hello"],
    ["apple_mail.eml", "Hello"],
    ["apple_mail_2.eml", "Hello"],
    ["comcast.eml", "Hello"],
    ["gmail.eml", "Hello"],
    ["hotmail.eml", "Hello"],
    ["iphone.eml", "Hello"], // "Sent from my iPhone" is a signature
    ["outlook.eml", "Hello"],
    ["sparrow.eml", "Hello"], // "-- " signature and a nested quote
    ["yahoo.eml", "Hello"],
  ];
  it.each(cases)("%s → %j", async (file, expected) => {
    const { text, html } = await parse(join(TALON, "standard_replies", file));
    expect(replyTextOf(text, html)).toBe(expected);
  });

  it("the same replies read from their HTML part alone", async () => {
    for (const file of ["gmail.eml", "hotmail.eml", "aol.eml", "comcast.eml"]) {
      const { html } = await parse(join(TALON, "standard_replies", file));
      if (html) expect([file, replyTextOf(null, html)]).toEqual([file, "Hello"]);
    }
  });

  it("Thunderbird (format=flowed): the reply under the quote", () => {
    // postal-mime joins a flowed quote line with the unquoted line after it, so the body is read raw here.
    const raw = readFileSync(join(TALON, "standard_replies", "thunderbird.eml"), "utf8");
    const body = raw.slice(raw.search(/\r?\n\r?\n/)).trim();
    expect(replyTextOf(body, null)).toBe("Hello");
  });

  it("a long reply keeps its paragraphs and loses the '--- On … wrote:' history", async () => {
    const { text, html } = await parse(join(TALON, "reply-quotations-share-block.eml"));
    const reply = replyTextOf(text, html);
    expect(reply).toMatch(/^Hi Katharine\.\s+Sounds great\./);
    expect(reply).toContain("Joe XXX");
    expect(reply).not.toContain("wrote:");
    expect(reply).not.toContain("New Booking Inquiry");
  });
});

describe("reply text on real-shaped samples per client and language", () => {
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith(".eml"));
  it("has the samples", () => expect(files.length).toBeGreaterThanOrEqual(9));
  it.each(files)("%s", async (file) => {
    const { text, html, expected } = await parse(join(SAMPLES, file));
    expect(expected).toBeTruthy();
    expect(replyTextOf(text, html)).toBe(expected);
  });
});

describe("reply text edge cases", () => {
  it("a bare forward or an all-quoted body has no reply text", () => {
    expect(
      replyTextOf("---------- Forwarded message ---------\nFrom: a <a@b.test>\nDate: x\n\nhello", null),
    ).toBe("");
    expect(replyTextOf("> only\n> quoted", null)).toBe("");
  });

  it("keeps the full body (for 'Show quoted text') and a text without history as it is", () => {
    const parts = extractReply("Hi\n\nOn Mon, Apr 2, 2012 at 6:26 PM, A <a@b.test> wrote:\n> old", null);
    expect(parts.reply).toBe("Hi");
    expect(parts.full).toContain("> old");
    expect(replyTextOf("Just one line.", null)).toBe("Just one line.");
  });

  it("reads only the start of a huge body, whatever it holds", () => {
    const huge = "Top line\n" + "x".repeat(5_000_000);
    const parts = extractReply(huge, null);
    expect(parts.full.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect(parts.reply.startsWith("Top line")).toBe(true);
  });

  it("the fallback cut stops at the first quote marker", () => {
    expect(fallbackReply({ text: "Thanks!\n\n-----Original Message-----\nFrom: x", html: null })).toBe(
      "Thanks!",
    );
    expect(fallbackReply({ text: undefined, html: "<p>Hi <b>there</b></p>" })).toBe("Hi  there");
  });
});

describe("the reply pool", () => {
  it("extracts in a worker, in order, and answers a hostile batch within its time limit", async () => {
    const pool = new ReplyPool();
    try {
      const replies = await pool.replies([
        { text: "One\n\nOn Mon, Apr 2, 2012 at 6:26 PM, A <a@b.test> wrote:\n> x", html: null },
        { text: null, html: "<p>Two</p><blockquote>old</blockquote>" },
        // Lines the library's header patterns backtrack on when re2 is absent.
        { text: ("Op " + "a ".repeat(900) + "\n").repeat(200), html: null },
      ]);
      expect(replies[0]).toBe("One");
      expect(replies[1]).toBe("Two");
      expect(typeof replies[2]).toBe("string");
    } finally {
      await pool.close();
    }
  });
});
