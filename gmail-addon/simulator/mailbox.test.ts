// The simulated mailbox gives the add-on address headers as Gmail does: the header's text, decoded, quoting kept.
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { addFixtureEmails, Mailbox, type SimMessage } from "./mailbox";

const mailbox = new Mailbox();
const byFixture = (suffix: string): SimMessage => {
  const found = [...mailbox.messages.values()].find((m) => String(m.meta?.fixture).endsWith(suffix));
  if (!found) throw new Error(`no fixture ${suffix}`);
  return found;
};

beforeAll(async () => {
  await addFixtureEmails(mailbox, resolve(import.meta.dirname, "../../shared/fixtures/eml"));
});

describe("fixture emails in the simulated mailbox", () => {
  it("keep quoted display names and odd punctuation exactly as the header has them", () => {
    const m = byFixture("rfc2822/example03.eml");
    expect(m.from).toBe('"Joe Q. Public" <john.q.public@example.com>');
    expect(m.to).toBe("Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>");
    expect(m.cc).toBe('<boss@nil.test>, "Giant; \\"Big\\" Box" <sysservices@example.net>');
  });

  it("decode RFC 2047 encoded words (Q and B, any charset) and nothing else", () => {
    expect(byFixture("error_emails/header_fields_with_empty_values.eml").from).toBe(
      "Jørn Støylen <jorn@prikkprikkprikk.no>",
    );
    expect(byFixture("multi_charset/japanese.eml").to).toBe("みける <raasdnil@gmail.com>");
  });

  it("keep groups and unfolded lists as written", () => {
    expect(byFixture("rfc2822/example04.eml").to).toBe(
      "A Group:Chris Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;",
    );
    expect(byFixture("error_emails/new_line_in_to_header.eml").to).toMatch(/^leads@sg\.dc\.com,\t sag@/);
  });
});
