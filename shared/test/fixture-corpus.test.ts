// The real-email corpus (shared/fixtures/eml, 50 public messages) through a real MIME parser (postal-mime) and
// the classifier: nothing throws, and the participants of the RFC 2822 examples come out as the RFC means them.
import { describe, expect, it } from "vitest";
import { buildCustomerIndex, DEFAULT_INDEX_SETTINGS, type MailMessage } from "../index";
import { fixtureFiles, fixtureName, parseFixture } from "./parse-fixture";

const index = buildCustomerIndex({
  version: "1",
  internalDomains: ["example.net"],
  customers: [
    { id: "machine", name: "Machine", domains: ["machine.example"] },
    { id: "silly", name: "Silly", domains: ["silly.test", "silly.example"] },
    { id: "postalsys", name: "Postal Systems", domains: ["postalsys.com"] },
    { id: "mailgun", name: "Mailgun", domains: ["mailgun.org"] },
    { id: "amazonses", name: "Amazon SES", domains: ["amazonses.com"] },
    { id: "messagingengine", name: "Fastmail", domains: ["messagingengine.com"] },
  ],
  contacts: [],
  exclusions: [],
  settings: DEFAULT_INDEX_SETTINGS,
});
const viewer = { addresses: ["mary@example.net"] };

const RFC2822_PARTICIPANTS: Record<string, string[]> = {
  "example01.eml": ["jdoe@machine.example (John Doe)", "mary@example.net (Mary Smith)"],
  "example02.eml": ["jdoe@machine.example (John Doe)", "mary@example.net (Mary Smith)"],
  "example03.eml": [
    "boss@nil.test",
    "jdoe@example.org",
    "john.q.public@example.com (Joe Q. Public)",
    "mary@x.test (Mary Smith)",
    "one@y.test (Who?)",
    'sysservices@example.net (Giant; "Big" Box)',
  ],
  "example04.eml": [
    "c@a.test (Chris Jones)",
    "jdoe@one.test (John)",
    "joe@where.test",
    "pete@silly.example (Pete)",
  ],
  "example05.eml": ["jdoe@machine.example (John Doe)", "mary@example.net (Mary Smith)"],
  "example06.eml": ["jdoe@machine.example (John Doe)", "mary@example.net (Mary Smith)"],
  "example07.eml": ["jdoe@machine.example (John Doe)", "smith@home.example (Mary Smith: Personal Account)"],
  "example08.eml": ["jdoe@machine.example (John Doe)", "mary@example.net (Mary Smith)"],
  "example09.eml": ["jdoe@machine.example (John Doe)", "mary@example.net (Mary Smith)"],
  "example10.eml": [
    "c@public.example (Chris Jones)",
    "jdoe@one.test (John)",
    "joe@example.org",
    "pete@silly.test (Pete)",
  ],
  "example11.eml": [
    "jdoe@test.example",
    "john.q.public@example.com (Joe Q. Public)",
    "mary@example.net (Mary Smith)",
  ],
  "example12.eml": ["jdoe@machine.example (John Doe)", "mary@example.net (Mary Smith)"],
  // The fixture's To: is broken by an obsolete "__" line, so the MIME parser keeps only "Mary Smith" (no address).
  "example13.eml": ["jdoe@machine.example (John Doe)"],
  "example14.eml": ["atsushi@example.com (Atsushi Yoshida)", "rudeboyjet@gmail.com"],
};

const files = fixtureFiles();
const parsed = new Map<string, MailMessage>();

describe("the fixture corpus", () => {
  it("has the 50 vendored messages", () => {
    expect(files).toHaveLength(50);
  });

  it.each(files.map((f) => [fixtureName(f), f]))(
    "%s parses and classifies without throwing",
    async (_name, file) => {
      const message = await parseFixture(file);
      parsed.set(fixtureName(file), message);
      const c = index.classify(message, viewer);
      expect([
        "customer",
        "no-customer",
        "internal-only",
        "excluded",
        "bulk",
        "auto-reply",
        "no-reply",
        "calendar",
      ]).toContain(c.reason);
      expect(c.related).toBe(c.reason === "customer");
      for (const p of index.participants(message, viewer)) expect(p.address).toBe(p.address.toLowerCase());
    },
  );

  it.each(Object.entries(RFC2822_PARTICIPANTS))(
    "RFC 2822 %s: participants come out right",
    async (name, expected) => {
      const message = await parseFixture(files.find((f) => fixtureName(f) === `mikel-mail/rfc2822/${name}`)!);
      const participants = index
        .participants(message, { addresses: [] })
        .map((p) => (p.name ? `${p.address} (${p.name})` : p.address));
      expect(participants).toEqual(expected);
    },
  );

  it("classifies the messages that have a clear answer", async () => {
    const answer = async (name: string) =>
      index.classify(await parseFixture(files.find((f) => fixtureName(f) === name)!), viewer);
    expect(await answer("mikel-mail/rfc2822/example01.eml")).toMatchObject({
      related: true,
      customers: [{ customerId: "machine" }],
    });
    expect((await answer("mikel-mail/rfc2822/example04.eml")).customers.map((c) => c.customerId)).toEqual([
      "silly",
    ]);
    expect((await answer("postal-mime/calendar-event.eml")).reason).toBe("calendar");
    // The bounce says "Auto-Submitted: auto-replied", which the auto-reply filter catches first.
    expect((await answer("postal-mime/bounce.eml")).reason).toBe("auto-reply");
    expect((await answer("mailparser/delivery-status.eml")).reason).toBe("no-reply");
    expect(
      (await answer("talon/standard_replies/thunderbird.eml")).customers.map((c) => c.customerId),
    ).toEqual(["mailgun"]);
    expect((await answer("mikel-mail/rfc6532/utf8_headers.eml")).reason).toBe("no-customer");
  });
});
