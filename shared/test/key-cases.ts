// Key cases of the core, as data: the unit tests run them in Node, and `apps-script-vm.test.ts` runs the very
// same cases inside a bare V8 context (ECMAScript built-ins only, like Apps Script) from a bundle of the core.
import {
  buildCustomerIndex,
  contactName,
  dedupeKey,
  isPersonalDomain,
  lookbackCutoff,
  normalizeAddress,
  parseAddressList,
  registrableDomain,
  threadKey,
  type CustomerIndexSnapshot,
} from "../index";

export const KEY_SNAPSHOT: CustomerIndexSnapshot = {
  version: "7",
  internalDomains: ["northwind-cs.com"],
  customers: [
    { id: "acme", name: "Acme", domains: ["acme.com"] },
    { id: "globex", name: "Globex", domains: ["GLOBEX.io"] },
    { id: "umbrella", name: "Umbrella", domains: ["umbrella.com"] },
    { id: "umbrella-eu", name: "Umbrella EU", domains: ["eu.umbrella.com"] },
    { id: "buecher", name: "Bücher", domains: ["bücher.de"] },
  ],
  contacts: [{ id: "k1", customerId: "globex", address: "Hank.Scorpio@gmail.com" }],
  exclusions: [
    { kind: "domain", value: "lawfirm.com", scope: "workspace" },
    { kind: "address", value: "gossip@acme.com", scope: "user" },
  ],
  settings: {
    autoCreateContacts: true,
    skipBulk: true,
    skipAutoReplies: true,
    skipCalendar: true,
    skipNoReply: true,
    lookbackDays: 90,
  },
};

const viewer = { addresses: ["me@northwind-cs.com"] };
const classify = (message: Parameters<ReturnType<typeof buildCustomerIndex>["classify"]>[0]) =>
  buildCustomerIndex(KEY_SNAPSHOT).classify(message, viewer);

export interface KeyCase {
  name: string;
  run: () => unknown;
  expected: unknown;
}

export const KEY_CASES: KeyCase[] = [
  {
    name: "parse: quoted name with comma, group, Outlook ';' list, RFC 2047",
    run: () =>
      parseAddressList(
        '"Doe, John" <john@acme.com>; Team: a@x.io, b@y.io;, undisclosed-recipients:;, =?ISO-8859-1?Q?Andr=E9?= <andre@x.be>',
      ),
    expected: [
      { name: "Doe, John", address: "john@acme.com" },
      { name: "", address: "a@x.io" },
      { name: "", address: "b@y.io" },
      { name: "André", address: "andre@x.be" },
    ],
  },
  {
    name: "parse: UTF-8 base64 name and garbage dropped",
    run: () => parseAddressList("=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <jm@bücher.de>, <<<@@@>>>"),
    expected: [{ name: "Jürgen Müller", address: "jm@bücher.de" }],
  },
  {
    name: "normalize: IDN and dot variants",
    run: () => normalizeAddress(" <Jm@BÜCHER。de.> "),
    expected: "jm@xn--bcher-kva.de",
  },
  { name: "normalize: garbage", run: () => normalizeAddress("<<<@@@>>>"), expected: null },
  {
    name: "registrable: co.uk",
    run: () => registrableDomain("user@mail.acme.co.uk"),
    expected: "acme.co.uk",
  },
  { name: "registrable: IP", run: () => registrableDomain("10.0.0.1"), expected: null },
  { name: "personal: hotmail.co.uk", run: () => isPersonalDomain("hotmail.co.uk"), expected: true },
  { name: "personal: youtube.com", run: () => isPersonalDomain("youtube.com"), expected: false },
  {
    name: "name: jean.luc.picard",
    run: () => contactName("jean.luc.picard@enterprise.com"),
    expected: { firstName: "Jean", lastName: "Luc Picard" },
  },
  {
    name: "name: role account",
    run: () => contactName("support@acme.com", "Acme Support"),
    expected: { firstName: "", lastName: "" },
  },
  {
    name: "classify: domain, subdomain, contact on a personal domain, longest domain wins",
    run: () =>
      classify({
        from: "Jane Roe <jane.roe@acme.com>",
        to: "me@northwind-cs.com, ops@mail.GLOBEX.io, hank.scorpio@gmail.com",
        cc: "x.y@eu.umbrella.com, someone@notacme.com",
      }),
    expected: {
      related: true,
      reason: "customer",
      customers: [
        { customerId: "acme", matchedBy: [{ address: "jane.roe@acme.com", via: "domain" }] },
        {
          customerId: "globex",
          matchedBy: [
            { address: "hank.scorpio@gmail.com", via: "contact" },
            { address: "ops@mail.globex.io", via: "subdomain" },
          ],
        },
        { customerId: "umbrella-eu", matchedBy: [{ address: "x.y@eu.umbrella.com", via: "domain" }] },
      ],
      newContacts: [
        { address: "jane.roe@acme.com", customerId: "acme", firstName: "Jane", lastName: "Roe" },
        { address: "x.y@eu.umbrella.com", customerId: "umbrella-eu", firstName: "X", lastName: "Y" },
      ],
    },
  },
  {
    name: "classify: punycode participant matches a Unicode customer domain",
    run: () => classify({ from: "kunde@xn--bcher-kva.de", to: "me@northwind-cs.com" }).customers,
    expected: [{ customerId: "buecher", matchedBy: [{ address: "kunde@xn--bcher-kva.de", via: "domain" }] }],
  },
  {
    name: "classify: internal only",
    run: () => classify({ from: "me@northwind-cs.com", to: "boss@northwind-cs.com" }).reason,
    expected: "internal-only",
  },
  {
    name: "classify: excluded domain anywhere",
    run: () =>
      classify({ from: "a@acme.com", to: "me@northwind-cs.com", cc: "counsel@ny.lawfirm.com" }).reason,
    expected: "excluded",
  },
  {
    name: "classify: bulk by Precedence with odd case and spacing",
    run: () =>
      classify({ from: "a@acme.com", to: "me@northwind-cs.com", headers: { PRECEDENCE: "  BuLk " } }).reason,
    expected: "bulk",
  },
  {
    name: "lookback: 90 days",
    run: () => lookbackCutoff(new Date("2026-04-01T00:00:00Z")).toISOString(),
    expected: "2026-01-01T00:00:00.000Z",
  },
  {
    name: "dedupe: Message-ID",
    run: () => dedupeKey({ messageId: " <AbC@Host.example> ", from: "a@b.com" }),
    expected: "abc@host.example",
  },
  {
    name: "thread: References root",
    run: () => threadKey({ messageId: "<c@x>", inReplyTo: "<b@x>", references: "<a@x> <b@x>" }),
    expected: "a@x",
  },
];
