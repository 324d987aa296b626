import { describe, expect, it } from "vitest";
import { buildCustomerIndex } from "./customer-index";
import { DEFAULT_INDEX_SETTINGS, type CustomerIndexSnapshot, type MailMessage } from "./types";

function snapshot(patch: Partial<CustomerIndexSnapshot> = {}): CustomerIndexSnapshot {
  return {
    version: "1",
    internalDomains: ["northwind-cs.com"],
    customers: [
      { id: "acme", name: "Acme", domains: ["acme.com"] },
      { id: "globex", name: "Globex", domains: ["globex.io"] },
      { id: "umbrella", name: "Umbrella", domains: ["umbrella.com"] },
      { id: "umbrella-eu", name: "Umbrella EU", domains: ["eu.umbrella.com"] },
      { id: "buecher", name: "Bücher", domains: ["xn--bcher-kva.de"] },
      { id: "gmail-typo", name: "Someone who typed gmail.com as a domain", domains: ["gmail.com"] },
    ],
    contacts: [
      { id: "k1", customerId: "globex", address: "hank@gmail.com" },
      { id: "k2", customerId: "acme", address: "Wile@ACME.com" },
    ],
    exclusions: [],
    settings: { ...DEFAULT_INDEX_SETTINGS },
    ...patch,
  };
}

const me = { addresses: ["me@northwind-cs.com", "me.alias@northwind-cs.com"] };
const classify = (m: MailMessage, s = snapshot()) => buildCustomerIndex(s).classify(m, me);
const customerIds = (m: MailMessage, s = snapshot()) => classify(m, s).customers.map((c) => c.customerId);

describe("rule 1: contacts first, then domains and subdomains", () => {
  it("matches an explicit contact even on a personal domain", () => {
    const c = classify({ from: "Hank <HANK@gmail.com>", to: "me@northwind-cs.com" });
    expect(c).toMatchObject({ related: true, reason: "customer" });
    expect(c.customers).toEqual([
      { customerId: "globex", matchedBy: [{ address: "hank@gmail.com", via: "contact" }] },
    ]);
    expect(c.newContacts).toEqual([]);
  });

  it("matches a customer's domain and any subdomain of it", () => {
    expect(classify({ from: "ops@mail.globex.io", to: "me@northwind-cs.com" }).customers).toEqual([
      { customerId: "globex", matchedBy: [{ address: "ops@mail.globex.io", via: "subdomain" }] },
    ]);
    expect(customerIds({ from: "x@a.b.c.acme.com" })).toEqual(["acme"]);
  });

  it("lets the longest of two nested customer domains win", () => {
    expect(customerIds({ from: "a@eu.umbrella.com" })).toEqual(["umbrella-eu"]);
    expect(customerIds({ from: "a@de.eu.umbrella.com" })).toEqual(["umbrella-eu"]);
    expect(customerIds({ from: "a@us.umbrella.com" })).toEqual(["umbrella"]);
  });

  it("never matches look-alikes", () => {
    for (const from of [
      "a@notacme.com",
      "a@acme.com.evil.io",
      "a@acme.co",
      "a@acme-com.com",
      "a@globex.io.cn",
    ]) {
      expect(classify({ from, to: "me@northwind-cs.com" }).reason, from).toBe("no-customer");
    }
  });

  it("compares normalized forms: case and Unicode/punycode agree", () => {
    expect(customerIds({ from: "K@BÜCHER.DE" })).toEqual(["buecher"]);
    expect(customerIds({ from: "k@xn--bcher-kva.de" })).toEqual(["buecher"]);
    const unicodeSnapshot = snapshot({ customers: [{ id: "b", name: "B", domains: ["Bücher.DE"] }] });
    expect(customerIds({ from: "k@xn--bcher-kva.de" }, unicodeSnapshot)).toEqual(["b"]);
    expect(customerIds({ from: "wile@acme.com" })).toEqual(["acme"]);
    expect(classify({ from: "WILE@Acme.Com" }).customers[0].matchedBy[0].via).toBe("contact");
  });

  it("finds contacts on any host: a customer's subdomain, an unknown domain, an IP literal", () => {
    const s = snapshot({
      contacts: [
        { id: "k3", customerId: "umbrella", address: "ops@mail.acme.com" },
        { id: "k4", customerId: "globex", address: "pat@stranger.org" },
        { id: "k5", customerId: "acme", address: "lab@[192.0.2.1]" },
      ],
    });
    const match = (address: string) => {
      const m = buildCustomerIndex(s).matchAddress(address);
      return [m.customerId, m.via, m.contactId];
    };
    expect(match("ops@mail.acme.com")).toEqual(["umbrella", "contact", "k3"]);
    expect(match("dev@mail.acme.com")).toEqual(["acme", "subdomain", undefined]);
    expect(match("pat@stranger.org")).toEqual(["globex", "contact", "k4"]);
    expect(match("sam@stranger.org")).toEqual([undefined, undefined, undefined]);
    expect(match("lab@[192.0.2.1]")).toEqual(["acme", "contact", "k5"]);
    expect(match("x@eu.umbrella.com")).toEqual(["umbrella-eu", "domain", undefined]);
  });

  it("never matches personal domains by domain, even when a customer lists one", () => {
    expect(classify({ from: "stranger@gmail.com", to: "me@northwind-cs.com" }).reason).toBe("no-customer");
    expect(classify({ from: "x@mail.gmail.com", to: "me@northwind-cs.com" }).reason).toBe("no-customer");
  });
});

describe("rule 2: the viewer and internal domains are never customers", () => {
  it("ignores the viewer's own addresses even on a customer domain", () => {
    const s = snapshot({ internalDomains: [] });
    const viewer = { addresses: ["me@acme.com"] };
    expect(
      buildCustomerIndex(s).classify({ from: "me@acme.com", to: "friend@gmail.com" }, viewer).reason,
    ).toBe("no-customer");
  });

  it("is internal-only when all other participants are internal (subdomains included)", () => {
    expect(
      classify({ from: "me@northwind-cs.com", to: "boss@northwind-cs.com, x@eu.northwind-cs.com" }).reason,
    ).toBe("internal-only");
    expect(classify({ from: "me@northwind-cs.com", to: "me.alias@northwind-cs.com" }).reason).toBe(
      "internal-only",
    );
    expect(classify({ from: "me@northwind-cs.com" }).reason).toBe("internal-only");
  });

  it("does not let an internal domain become a customer match", () => {
    const s = snapshot({ customers: [{ id: "self", name: "Us", domains: ["northwind-cs.com"] }] });
    expect(classify({ from: "boss@northwind-cs.com", to: "me@northwind-cs.com" }, s).reason).toBe(
      "internal-only",
    );
  });
});

describe("rule 3: exclusions", () => {
  const withExclusions = snapshot({
    exclusions: [
      { kind: "address", value: "Gossip@Acme.com", scope: "user" },
      { kind: "domain", value: "lawfirm.com", scope: "workspace" },
      { kind: "domain", value: "me-domain.com", scope: "workspace" },
    ],
  });

  it("rejects a message when any participant is excluded by address or domain (and subdomains)", () => {
    expect(classify({ from: "gossip@acme.com", to: "me@northwind-cs.com" }, withExclusions).reason).toBe(
      "excluded",
    );
    expect(classify({ from: "a@acme.com", cc: "x@lawfirm.com" }, withExclusions).reason).toBe("excluded");
    expect(classify({ from: "a@acme.com", bcc: "x@ny.lawfirm.com" }, withExclusions).reason).toBe("excluded");
    expect(
      classify(
        { from: "a@acme.com", to: "colleague@northwind-cs.com" },
        snapshot({
          exclusions: [{ kind: "address", value: "colleague@northwind-cs.com", scope: "workspace" }],
        }),
      ).reason,
    ).toBe("excluded");
  });

  it("never rejects look-alikes of an excluded domain", () => {
    expect(classify({ from: "a@acme.com", cc: "x@notlawfirm.com" }, withExclusions).reason).toBe("customer");
    expect(classify({ from: "other@acme.com" }, withExclusions).reason).toBe("customer");
  });

  it("never treats the viewer's own addresses as excluded", () => {
    const viewer = { addresses: ["boss@me-domain.com"] };
    expect(
      buildCustomerIndex(withExclusions).classify({ from: "boss@me-domain.com", to: "a@acme.com" }, viewer)
        .reason,
    ).toBe("customer");
  });
});

describe("rule 4: noise filters, each switchable", () => {
  const base = { from: "a@acme.com", to: "me@northwind-cs.com" };
  const cases: [string, MailMessage, string, keyof typeof DEFAULT_INDEX_SETTINGS][] = [
    [
      "List-Unsubscribe",
      { ...base, headers: { "List-Unsubscribe": "<mailto:u@acme.com>" } },
      "bulk",
      "skipBulk",
    ],
    ["List-Id", { ...base, headers: { "list-id": "<news.acme.com>" } }, "bulk", "skipBulk"],
    ["Precedence: bulk", { ...base, headers: { Precedence: "bulk" } }, "bulk", "skipBulk"],
    ["Precedence: LIST", { ...base, headers: { PRECEDENCE: " LIST " } }, "bulk", "skipBulk"],
    ["Precedence: junk", { ...base, headers: { precedence: "j u n k" } }, "bulk", "skipBulk"],
    [
      "Auto-Submitted: auto-generated",
      { ...base, headers: { "Auto-Submitted": "auto-generated" } },
      "bulk",
      "skipBulk",
    ],
    [
      "Auto-Submitted: auto-replied",
      { ...base, headers: { "Auto-Submitted": "auto-replied; owner=x" } },
      "auto-reply",
      "skipAutoReplies",
    ],
    ["X-Autoreply", { ...base, headers: { "X-Autoreply": "yes" } }, "auto-reply", "skipAutoReplies"],
    ["X-Autorespond", { ...base, headers: { "X-Autorespond": "1" } }, "auto-reply", "skipAutoReplies"],
    [
      "Automatic reply subject",
      { ...base, subject: "Automatic reply: Renewal" },
      "auto-reply",
      "skipAutoReplies",
    ],
    [
      "Out of office subject",
      { ...base, subject: "Out of Office: back Monday" },
      "auto-reply",
      "skipAutoReplies",
    ],
    [
      "Abwesenheitsnotiz",
      { ...base, subject: "Abwesenheitsnotiz: Angebot" },
      "auto-reply",
      "skipAutoReplies",
    ],
    [
      "Réponse automatique",
      { ...base, subject: "Réponse automatique : devis" },
      "auto-reply",
      "skipAutoReplies",
    ],
    ["noreply", { ...base, from: "noreply@acme.com" }, "no-reply", "skipNoReply"],
    ["no-reply+tag", { ...base, from: "No-Reply+x@acme.com" }, "no-reply", "skipNoReply"],
    ["do-not-reply", { ...base, from: "do-not-reply@acme.com" }, "no-reply", "skipNoReply"],
    ["donotreply", { ...base, from: "donotreply@acme.com" }, "no-reply", "skipNoReply"],
    ["mailer-daemon", { ...base, from: "MAILER-DAEMON@acme.com" }, "no-reply", "skipNoReply"],
    ["postmaster", { ...base, from: "postmaster@acme.com" }, "no-reply", "skipNoReply"],
    ["bounce", { ...base, from: "bounce-1234@acme.com" }, "no-reply", "skipNoReply"],
    ["calendar flag", { ...base, hasCalendarInvite: true }, "calendar", "skipCalendar"],
    [
      "text/calendar",
      { ...base, headers: { "Content-Type": 'text/calendar; method="REQUEST"' } },
      "calendar",
      "skipCalendar",
    ],
  ];

  it.each(cases)("%s → %s, and synced when the filter is off", (_label, message, reason, setting) => {
    expect(classify(message).reason).toBe(reason);
    const off = snapshot({ settings: { ...DEFAULT_INDEX_SETTINGS, [setting]: false } });
    expect(classify(message, off).reason).toBe("customer");
  });

  it("keeps ordinary customer mail, including Auto-Submitted: no and a subject that merely mentions OOO", () => {
    expect(classify({ ...base, headers: { "Auto-Submitted": "no", Precedence: "" } }).reason).toBe(
      "customer",
    );
    expect(classify({ ...base, subject: "Re: our automatic reply settings" }).reason).toBe("customer");
    expect(classify({ ...base, from: "noreplyman@acme.com" }).reason).toBe("customer");
  });
});

describe("rule 5: several customers per message", () => {
  it("lists each customer with the participants that matched it and how, in a stable order", () => {
    const c = classify({
      from: "z@acme.com",
      to: "hank@gmail.com, a@acme.com, b@eu.umbrella.com",
      cc: "me@northwind-cs.com",
    });
    expect(c.customers).toEqual([
      {
        customerId: "acme",
        matchedBy: [
          { address: "a@acme.com", via: "domain" },
          { address: "z@acme.com", via: "domain" },
        ],
      },
      { customerId: "globex", matchedBy: [{ address: "hank@gmail.com", via: "contact" }] },
      { customerId: "umbrella-eu", matchedBy: [{ address: "b@eu.umbrella.com", via: "domain" }] },
    ]);
  });
});

describe("rule 6: new contacts", () => {
  it("proposes domain-matched people without a contact, with names, but not role accounts or contacts", () => {
    const c = classify({
      from: '"Roe, Jane" <jane.roe@acme.com>',
      to: "wile@acme.com, info@acme.com, ops.lead@mail.globex.io",
    });
    expect(c.newContacts).toEqual([
      { address: "jane.roe@acme.com", customerId: "acme", firstName: "Jane", lastName: "Roe" },
      { address: "ops.lead@mail.globex.io", customerId: "globex", firstName: "Ops", lastName: "Lead" },
    ]);
  });

  it("proposes none when the workspace turned it off", () => {
    const off = snapshot({ settings: { ...DEFAULT_INDEX_SETTINGS, autoCreateContacts: false } });
    expect(classify({ from: "jane.roe@acme.com" }, off).newContacts).toEqual([]);
  });
});

describe("exclusion entries and per-user overlays", () => {
  const workspaceOnly = snapshot({
    exclusions: [{ id: "x1", kind: "domain", value: "lawfirm.com", scope: "workspace" }],
  });

  it("names the entry that rejects a participant, nearest domain first", () => {
    const index = buildCustomerIndex(workspaceOnly);
    expect(index.matchAddress("a@ny.lawfirm.com").exclusion).toMatchObject({ id: "x1" });
    expect(index.matchAddress("a@acme.com").exclusion).toBeUndefined();
  });

  it("lays a user's exclusions over a shared index without changing it", () => {
    const shared = buildCustomerIndex(workspaceOnly);
    const alice = shared.withExclusions([
      { id: "u1", kind: "address", value: "Gossip@acme.com", scope: "user" },
      { id: "u2", kind: "domain", value: "globex.io", scope: "user" },
    ]);
    expect(alice.classify({ from: "gossip@acme.com", to: "me@northwind-cs.com" }, me).reason).toBe(
      "excluded",
    );
    expect(alice.matchAddress("ops@mail.globex.io").exclusion).toMatchObject({ id: "u2" });
    expect(alice.classify({ from: "a@acme.com", cc: "x@lawfirm.com" }, me).reason).toBe("excluded");
    expect(shared.classify({ from: "gossip@acme.com", to: "me@northwind-cs.com" }, me).reason).toBe(
      "customer",
    );
    expect(shared.classify({ from: "ops@globex.io" }, me).reason).toBe("customer");
  });
});

describe("customer domains that are public suffixes", () => {
  it("never match anyone (a customer with domain co.uk would claim a whole country)", () => {
    const s = snapshot({
      customers: [
        { id: "bad", name: "Typo", domains: ["co.uk"] },
        { id: "ok", name: "Ok", domains: ["acme.co.uk"] },
      ],
    });
    expect(classify({ from: "someone@somebody.co.uk" }, s).reason).toBe("no-customer");
    expect(customerIds({ from: "x@mail.acme.co.uk" }, s)).toEqual(["ok"]);
  });
});

describe("direction and robustness", () => {
  it("is outbound when the viewer or a colleague sent it", () => {
    const index = buildCustomerIndex(snapshot());
    expect(index.direction({ from: "me@northwind-cs.com", to: "a@acme.com" }, me)).toBe("outbound");
    expect(index.direction({ from: "boss@northwind-cs.com", to: "a@acme.com" }, me)).toBe("outbound");
    expect(index.direction({ from: "a@acme.com", to: "me@northwind-cs.com" }, me)).toBe("inbound");
  });

  it("never throws on hostile input", () => {
    const index = buildCustomerIndex(snapshot());
    expect(index.classify({} as MailMessage, me)).toMatchObject({ related: false, reason: "no-customer" });
    expect(index.classify({ from: "<<<@@@>>>" }, me).reason).toBe("no-customer");
    expect(index.classify(null as unknown as MailMessage, me).reason).toBe("no-customer");
    expect(
      index.classify(
        {
          from: "a@acme.com",
          headers: [1, 2] as unknown as Record<string, string>,
          subject: 5,
        } as unknown as MailMessage,
        me,
      ).reason,
    ).toBe("customer");
    expect(index.classify({ from: 5, to: null, headers: "x" } as unknown as MailMessage, me).related).toBe(
      false,
    );
    expect(
      index.classify({ from: "a@acme.com" }, { addresses: [null, 3] } as unknown as { addresses: string[] })
        .reason,
    ).toBe("customer");
    expect(buildCustomerIndex({} as CustomerIndexSnapshot).classify({ from: "a@acme.com" }, me).reason).toBe(
      "no-customer",
    );
  });
});
