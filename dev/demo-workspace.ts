// The demo workspace `npm start` creates on an empty database, and that the Outlook harness's simulated mailbox
// and the Gmail simulator's mailbox are generated around. Plain data, so every part agrees on it.

export const DEMO_WORKSPACE = {
  name: "Northwind Customer Success",
  internalDomains: ["northwind-cs.com", "touchbase.local"],
  adminEmail: "admin@touchbase.local",
  adminName: "Alex Admin",
} as const;

export interface DemoCustomer {
  name: string;
  domains: string[];
  attributes: Record<string, string | number | boolean | null>;
  contacts: { address: string; firstName: string; lastName: string }[];
}

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  {
    name: "Acme Corporation",
    domains: ["acme.com"],
    attributes: {
      owner: "Alex Admin",
      arr: 184000,
      plan: "Enterprise",
      renewalDate: "2027-03-31",
      health: "green",
    },
    contacts: [
      { address: "wile.coyote@acme.com", firstName: "Wile", lastName: "Coyote" },
      { address: "road.runner@acme.com", firstName: "Road", lastName: "Runner" },
    ],
  },
  {
    name: "Globex",
    domains: ["globex.io", "globex-corp.com"],
    attributes: {
      owner: "Dana Scully",
      arr: 96000,
      plan: "Business",
      renewalDate: "2027-01-15",
      health: "yellow",
    },
    contacts: [{ address: "hank.scorpio@globex.io", firstName: "Hank", lastName: "Scorpio" }],
  },
  {
    name: "Umbrella",
    domains: ["umbrella.com"],
    attributes: {
      owner: "Alex Admin",
      arr: 240000,
      plan: "Enterprise",
      renewalDate: "2026-12-20",
      health: "red",
    },
    contacts: [{ address: "albert.wesker@umbrella.com", firstName: "Albert", lastName: "Wesker" }],
  },
  {
    name: "Umbrella Europe",
    domains: ["eu.umbrella.com"],
    attributes: {
      owner: "Fox Mulder",
      arr: 72000,
      plan: "Business",
      renewalDate: "2027-06-01",
      health: "green",
    },
    contacts: [{ address: "jill.valentine@eu.umbrella.com", firstName: "Jill", lastName: "Valentine" }],
  },
  {
    name: "Initech",
    domains: ["initech.com"],
    attributes: {
      owner: "Dana Scully",
      arr: 38000,
      plan: "Starter",
      renewalDate: "2027-02-10",
      health: "green",
    },
    contacts: [{ address: "peter.gibbons@initech.com", firstName: "Peter", lastName: "Gibbons" }],
  },
  {
    name: "Stark Industries",
    domains: ["stark-industries.com", "starkindustries.co.uk"],
    attributes: {
      owner: "Fox Mulder",
      arr: 510000,
      plan: "Enterprise",
      renewalDate: "2027-09-30",
      health: "green",
    },
    contacts: [
      { address: "pepper.potts@stark-industries.com", firstName: "Pepper", lastName: "Potts" },
      { address: "happy.hogan@gmail.com", firstName: "Happy", lastName: "Hogan" },
    ],
  },
  {
    name: "Wayne Enterprises",
    domains: ["wayne-enterprises.com"],
    attributes: {
      owner: "Alex Admin",
      arr: 330000,
      plan: "Enterprise",
      renewalDate: "2027-04-30",
      health: "yellow",
    },
    contacts: [{ address: "lucius.fox@wayne-enterprises.com", firstName: "Lucius", lastName: "Fox" }],
  },
  {
    name: "Soylent",
    domains: ["soylent.co"],
    attributes: {
      owner: "Dana Scully",
      arr: 21000,
      plan: "Starter",
      renewalDate: "2027-05-05",
      health: "red",
    },
    contacts: [],
  },
  {
    name: "Hooli",
    domains: ["hooli.xyz"],
    attributes: {
      owner: "Fox Mulder",
      arr: 145000,
      plan: "Business",
      renewalDate: "2027-08-12",
      health: "green",
    },
    contacts: [{ address: "gavin.belson@hooli.xyz", firstName: "Gavin", lastName: "Belson" }],
  },
  {
    name: "Bücher GmbH",
    domains: ["bücher.de"],
    attributes: {
      owner: "Alex Admin",
      arr: 56000,
      plan: "Business",
      renewalDate: "2027-07-01",
      health: "green",
    },
    contacts: [],
  },
];

/** Senders that are not customers: the demo mailboxes mix them in so "not a customer email" shows up too. */
export const DEMO_STRANGERS = [
  "Newsletter <news@techcrunch-digest.com>",
  "Mom <mom.family@gmail.com>",
  "Recruiter <jane.recruiter@talentfirm.io>",
  "noreply@github.com",
  "Colleague <sam.colleague@northwind-cs.com>",
];
