import { describe, expect, it } from "vitest";
import { DEMO_TEAM, DEMO_THREADS } from "./demo-conversations";

// The hand-written demo threads (issue 14): Message-IDs derive from unique slugs, names match addresses, and no
// thread is a bounce or spam.

const person = (raw: string) => {
  const m = /^(.*?)\s*<([^>]+)>$/.exec(raw);
  return m ? { name: m[1], address: m[2] } : { name: "", address: raw };
};
const nameMatches = ({ name, address }: { name: string; address: string }) => {
  const local = address.slice(0, address.lastIndexOf("@")).toLowerCase();
  return name
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean)
    .every((w) => local.includes(w));
};

describe("demo conversations", () => {
  it("derive their Message-IDs from unique slugs", () => {
    const slugs = DEMO_THREADS.map((t) => t.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it("name every person as their address says", () => {
    const people = [
      ...DEMO_THREADS.map((t) => person(t.with)),
      ...DEMO_THREADS.flatMap((t) =>
        t.messages.filter((m) => m.from.includes("<")).map((m) => person(m.from)),
      ),
      ...Object.values(DEMO_TEAM).flatMap((m) => (m ? [{ name: m.name, address: m.email }] : [])),
    ];
    expect(people.filter((p) => !nameMatches(p)).map((p) => `${p.name} <${p.address}>`)).toEqual([]);
  });

  it("hold no bounce, spam or newsletter", () => {
    const noise = /undeliver|delivery status|mailer-daemon|unsubscribe|newsletter|viagra|winner/i;
    expect(
      DEMO_THREADS.filter((t) => noise.test(t.subject) || noise.test(t.with)).map((t) => t.subject),
    ).toEqual([]);
  });
});
