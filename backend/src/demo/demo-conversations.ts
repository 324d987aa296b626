// The demo workspace's customer conversations: hand-written threads between the demo team and the people at the
// demo customers, so a first look at Touchbase shows mail that reads like a customer-success inbox — display names
// that match their addresses, replies that quote what they answer, a thread still waiting for a reply, and no
// spam, bounces or newsletters in a customer's history.
//
// Message-IDs are fixed strings: the demo is seeded once on an empty database, and a re-seed (or a client that
// syncs the same demo message) finds the same ids, so nothing is ever stored twice.

/** Who on the demo team wrote or synced a message. The admin is the workspace's first user. */
export const DEMO_TEAM = {
  admin: null,
  dana: { name: "Dana Scully", email: "dana.scully@northwind-cs.com" },
  fox: { name: "Fox Mulder", email: "fox.mulder@northwind-cs.com" },
} as const;
export type DemoTeamMember = keyof typeof DEMO_TEAM;

export interface DemoMessage {
  /** `"us"`: the thread's team member; `"them"`: the thread's customer person; or another person, "Name <address>". */
  from: string;
  /** Days before the seed's "now", fractional for the time of day. */
  daysAgo: number;
  text: string;
  /** Extra recipients, as written in a To/Cc header. */
  cc?: string;
}

export interface DemoThread {
  /** Stable slug: the Message-IDs are derived from it. */
  slug: string;
  subject: string;
  /** The team member who writes "our" messages and syncs the thread. */
  owner: DemoTeamMember;
  /** The customer person the thread is with, "Name <address>". */
  with: string;
  /** German threads are answered as a German mail client quotes ("Am … schrieb …:", "AW:"). */
  language?: "de";
  messages: DemoMessage[];
}

export const DEMO_THREADS: DemoThread[] = [
  {
    slug: "acme-renewal",
    subject: "Renewal planning for 2027",
    owner: "admin",
    with: "Wile Coyote <wile.coyote@acme.com>",
    messages: [
      {
        from: "us",
        daysAgo: 41.2,
        text: "Hi Wile,\n\nYour Enterprise plan renews on 31 March. Could we book 30 minutes next week to go through what the team used this year and what you would like to change?\n\nBest,\nAlex",
      },
      {
        from: "them",
        daysAgo: 40.9,
        text: "Hi Alex,\n\nGood timing. Tuesday at 10:00 works for us. Could you bring the usage numbers per department? Finance will ask.\n\nThanks,\nWile",
      },
      {
        from: "us",
        daysAgo: 40.6,
        text: "Tuesday at 10:00 it is. I will send the usage report the day before.\n\nAlex",
      },
      {
        from: "them",
        daysAgo: 33.1,
        text: "Alex,\n\nThanks for the call today. We would like to add 40 seats for the logistics team and move to annual billing. Can you send a quote?\n\nWile",
        cc: "Road Runner <road.runner@acme.com>",
      },
      {
        from: "us",
        daysAgo: 32.4,
        text: "Hi Wile, hi Road,\n\nThe quote for 40 more seats on annual billing is attached to the renewal in our portal. It holds the current price until 15 January.\n\nBest,\nAlex",
        cc: "Road Runner <road.runner@acme.com>",
      },
    ],
  },
  {
    slug: "acme-sso",
    subject: "SSO login fails for new hires",
    owner: "admin",
    with: "Road Runner <road.runner@acme.com>",
    messages: [
      {
        from: "them",
        daysAgo: 9.3,
        text: 'Hello,\n\nSince Monday, people we onboard this week cannot sign in through SSO. They see "user not assigned to application". Existing users are fine.\n\nRoad Runner\nIT Operations, Acme Corporation',
      },
      {
        from: "us",
        daysAgo: 9.1,
        text: 'Hi Road,\n\nThat message comes from your identity provider: the new hires are not yet in the group assigned to our app. Adding them to "Touchbase users" in your directory should fix it within a few minutes.\n\nAlex',
      },
      {
        from: "them",
        daysAgo: 2.2,
        text: "Hi Alex,\n\nWe added them to the group, but three of them still cannot sign in. Could someone on your side look at the logs? It is blocking their first week.\n\nRoad",
      },
    ],
  },
  {
    slug: "globex-api-limits",
    subject: "API rate limits for the data export",
    owner: "dana",
    with: "Hank Scorpio <hank.scorpio@globex.io>",
    messages: [
      {
        from: "them",
        daysAgo: 75.4,
        text: "Dana,\n\nOur nightly export hits 429 responses after about 20,000 records. Is there a way to raise the limit for one integration user?\n\nHank",
      },
      {
        from: "us",
        daysAgo: 74.9,
        text: "Hi Hank,\n\nWe can raise it for a named integration user on the Business plan. Which user does the export run as? I will ask the team to lift it to 100 requests per second.\n\nDana",
      },
      {
        from: "them",
        daysAgo: 74.7,
        text: "It runs as export-bot@globex.io. Thank you!\n\nHank",
      },
      {
        from: "us",
        daysAgo: 73.8,
        text: "Done: export-bot now has 100 requests per second. Let me know how tonight's run goes.\n\nDana",
      },
    ],
  },
  {
    slug: "globex-health",
    subject: "Quarterly business review",
    owner: "dana",
    with: "Hank Scorpio <hank.scorpio@globex-corp.com>",
    messages: [
      {
        from: "us",
        daysAgo: 19.5,
        text: "Hi Hank,\n\nIt is time for our quarterly review. I would like to cover adoption in the new regions and the export project. Do you have an hour in the week of the 14th?\n\nDana",
      },
      {
        from: "them",
        daysAgo: 12.3,
        text: "Hi Dana,\n\nSorry for the slow answer, budget season. Thursday the 17th at 15:00 could work, but I need to confirm with our CFO first.\n\nHank",
      },
    ],
  },
  {
    slug: "umbrella-escalation",
    subject: "Outage on 2 November: incident report",
    owner: "admin",
    with: "Albert Wesker <albert.wesker@umbrella.com>",
    messages: [
      {
        from: "them",
        daysAgo: 31.6,
        text: "Alex,\n\nYesterday's outage stopped our support team for two hours. I need a written incident report and what you will change, before our renewal discussion.\n\nAlbert Wesker\nHead of Operations",
      },
      {
        from: "us",
        daysAgo: 31.2,
        text: "Albert,\n\nI am sorry for the disruption. You will have the incident report by Friday, with the root cause and the changes we are making. I will also propose a service credit.\n\nAlex",
      },
      {
        from: "us",
        daysAgo: 28.9,
        text: "Albert,\n\nThe incident report is in your portal. In short: a certificate expired on one load balancer; we now renew and monitor certificates automatically. We have applied a service credit of one month.\n\nAlex",
      },
      {
        from: "them",
        daysAgo: 27.4,
        text: "Thank you, this is what we needed. Let's keep the renewal meeting as planned.\n\nAlbert",
      },
    ],
  },
  {
    slug: "umbrella-eu-gdpr",
    subject: "Data processing agreement for the EU entity",
    owner: "fox",
    with: "Jill Valentine <jill.valentine@eu.umbrella.com>",
    messages: [
      {
        from: "them",
        daysAgo: 58.2,
        text: "Hello Fox,\n\nOur legal team needs a signed data processing agreement for Umbrella Europe, with the list of subprocessors. Can you send it?\n\nKind regards,\nJill Valentine",
      },
      {
        from: "us",
        daysAgo: 57.9,
        text: "Hi Jill,\n\nOf course. The DPA and the current list of subprocessors are attached to this account; I have signed our side. Everything is hosted in Frankfurt.\n\nFox",
      },
      {
        from: "them",
        daysAgo: 50.1,
        text: "Fox, signed and returned. Thanks for the quick help.\n\nJill",
      },
    ],
  },
  {
    slug: "initech-onboarding",
    subject: "Welcome to Touchbase: your onboarding plan",
    owner: "dana",
    with: "Peter Gibbons <peter.gibbons@initech.com>",
    messages: [
      {
        from: "us",
        daysAgo: 150.3,
        text: "Hi Peter,\n\nWelcome aboard! Here is the plan for your first month: week 1 import customers, week 2 connect Outlook, week 3 invite the team, week 4 a review call.\n\nDana",
      },
      {
        from: "them",
        daysAgo: 149.8,
        text: "Thanks Dana. We imported the customers already. Is there a way to bring in the old notes from our spreadsheet?\n\nPeter",
      },
      {
        from: "us",
        daysAgo: 149.5,
        text: "Yes: add the notes as a column and import the CSV again; each column becomes an attribute on the customer.\n\nDana",
      },
      {
        from: "them",
        daysAgo: 96.2,
        text: "Dana, quick one: can we change the owner of 30 customers at once?\n\nPeter",
      },
      {
        from: "us",
        daysAgo: 95.7,
        text: "Hi Peter, export the customers, change the owner column and import the file again. Only the rows you changed are updated.\n\nDana",
      },
    ],
  },
  {
    slug: "stark-expansion",
    subject: "Rolling out to the London office",
    owner: "fox",
    with: "Pepper Potts <pepper.potts@stark-industries.com>",
    messages: [
      {
        from: "them",
        daysAgo: 120.6,
        text: "Fox,\n\nWe are opening the London office in February and want the same setup there. Who should our UK IT team talk to?\n\nPepper",
      },
      {
        from: "us",
        daysAgo: 120.2,
        text: "Hi Pepper,\n\nGreat news. I will be their contact; the rollout takes about two weeks. Can you introduce me to the UK IT lead?\n\nFox",
      },
      {
        from: "them",
        daysAgo: 64.4,
        text: "Fox, London is live and everyone is happy. Happy will reach out about invoices from his personal address, he is travelling.\n\nPepper",
        cc: "Happy Hogan <happy.hogan@gmail.com>",
      },
      {
        from: "Happy Hogan <happy.hogan@gmail.com>",
        daysAgo: 63.9,
        text: "Hi Fox, can the London invoices go to accounts-uk@starkindustries.co.uk from now on? Thanks, Happy",
      },
      {
        from: "us",
        daysAgo: 63.5,
        text: "Hi Happy, done: London invoices now go to accounts-uk@starkindustries.co.uk.\n\nFox",
      },
    ],
  },
  {
    slug: "wayne-feature",
    subject: "Feature request: custom fields on contacts",
    owner: "admin",
    with: "Lucius Fox <lucius.fox@wayne-enterprises.com>",
    messages: [
      {
        from: "them",
        daysAgo: 22.7,
        text: "Alex,\n\nOur account managers would like to store a contact's preferred language. Is that on your roadmap?\n\nLucius Fox",
      },
      {
        from: "us",
        daysAgo: 22.1,
        text: "Hi Lucius,\n\nIt is planned for the first quarter. I have added Wayne Enterprises to the request so you hear first when it ships.\n\nAlex",
      },
    ],
  },
  {
    slug: "soylent-churn-risk",
    subject: "Cancelling our subscription",
    owner: "dana",
    with: "Ruth Thorn <ruth.thorn@soylent.co>",
    messages: [
      {
        from: "them",
        daysAgo: 5.4,
        text: "Hi,\n\nWe are considering cancelling at renewal: the team does not use the product much. What are our options?\n\nRuth Thorn\nOperations Manager, Soylent",
      },
    ],
  },
  {
    slug: "hooli-invoice",
    subject: "Invoice 2026-118 has the wrong VAT number",
    owner: "fox",
    with: "Gavin Belson <gavin.belson@hooli.xyz>",
    messages: [
      {
        from: "them",
        daysAgo: 14.2,
        text: "Fox,\n\nInvoice 2026-118 shows our old VAT number. Please reissue it with US-94-1234567.\n\nGavin",
      },
      {
        from: "us",
        daysAgo: 13.9,
        text: "Hi Gavin, the corrected invoice is in your billing portal now, and future invoices use the new number.\n\nFox",
      },
    ],
  },
  {
    slug: "buecher-training",
    subject: "Schulung für das neue Team",
    owner: "admin",
    language: "de",
    with: "Hana Rossi <hana.rossi@bücher.de>",
    messages: [
      {
        from: "them",
        daysAgo: 44.3,
        text: "Hallo Alex,\n\nwir haben fünf neue Kolleginnen im Kundenservice. Können Sie nächste Woche eine Schulung auf Deutsch anbieten?\n\nViele Grüße\nHana Rossi",
      },
      {
        from: "us",
        daysAgo: 43.8,
        text: "Hallo Frau Rossi,\n\ngerne. Wie wäre Mittwoch um 14 Uhr? Die Schulung dauert etwa eine Stunde.\n\nViele Grüße\nAlex",
      },
      {
        from: "them",
        daysAgo: 43.5,
        text: "Mittwoch um 14 Uhr passt. Vielen Dank!\n\nHana Rossi",
      },
    ],
  },
];
