// Every card a user meets, in the order a user meets them: the built add-on, in the Apps Script simulator, against
// the real backend. The screenshot test photographs this tour; `npm run preview:gmail` writes it to a folder.
import type { Json } from "../simulator/card-service";
import { addMarkupThread, addWaitingThread, SIGNALS_CUSTOMER } from "../simulator/mailbox-generator";
import { backendApi } from "../test/backend-api";
import type { Harness } from "../test/harness";

export interface TourCard {
  name: string;
  card: Json;
  caption: string;
}

/** The harness this tour expects: fixtures plus generated threads (see card-screenshots.e2e.test.ts). */
export const TOUR_HARNESS = {
  fixtures: true,
  generate: { threads: 80, seed: 5, idPrefix: "shots" },
} as const;

export async function cardTour(h: Harness): Promise<TourCard[]> {
  const shots: TourCard[] = [];
  const take = (name: string, card: Json, caption: string) => shots.push({ name, card, caption });
  const of = (kind: string) => {
    const found = [...h.generated.truth.values()].find((t) => t.kind === kind);
    if (!found) throw new Error(`the generated mailbox has no "${kind}" thread`);
    return found.gmailId;
  };
  const sidebar = h.sidebar();
  sidebar.openHomepage();
  take("01-homepage-not-connected", sidebar.card, "Homepage before connecting");
  h.connect(sidebar);
  take("02-homepage-connected", sidebar.card, "Homepage after connecting");

  sidebar.openMessage(of("customer-contact"));
  take("03-customer-email", sidebar.card, "A customer email");
  sidebar.click("Sync this thread");
  take("04-customer-email-synced", sidebar.card, `After "Sync this thread": ${sidebar.notice}`);
  sidebar.click("Exclude…");
  take("05-exclude-options", sidebar.card, "Sender options");
  sidebar.click("Exclude domain");
  take("06-confirm-exclude-domain", sidebar.card, "Confirming a domain exclusion");
  sidebar.click("Cancel");

  sidebar.openMessage(of("stranger"));
  take("07-not-customer", sidebar.card, "Someone who is not a customer");
  sidebar.click("Why?");
  take("08-why", sidebar.card, "Why nothing was synced");
  sidebar.openMessage(of("newsletter-customer"));
  sidebar.click("Why?");
  take("09-why-newsletter", sidebar.card, "A customer's newsletter");

  sidebar.openHomepage();
  sidebar.click("Save sync settings", { labels: ["Customers"], lookbackDays: ["120"], background: [] });
  sidebar.click("Sync labels now");
  while (sidebar.buttons().includes("Continue sync")) sidebar.click("Continue sync");
  take("10-label-sync-done", sidebar.card, sidebar.notice);

  h.setDown(true);
  sidebar.openMessage(of("customer-domain"));
  take("11-error-unreachable", sidebar.card, "The server is down");
  h.setDown(false);
  h.sandbox.quotas.exhaust("urlfetch");
  sidebar.openMessage(of("customer-subdomain"));
  take("12-error-quota", sidebar.card, "The daily UrlFetch quota is spent");
  h.sandbox.quotas.newDay();
  sidebar.universal("Help");
  take("13-help", sidebar.card, "Help");
  sidebar.openMessage(addMarkupThread(h.mailbox));
  sidebar.click("Sync this thread");
  take("14-markup-customer", sidebar.card, "A customer whose name, attributes and mail hold & and < >");

  const waiting = await addSignalsHistory(h);
  sidebar.openMessage(waiting);
  take("15-customer-signals", sidebar.card, "Waiting for a reply, and how fast the team answers");

  sidebar.openMessage(of("customer-idn"));
  take("16-customer-idn", sidebar.card, "A customer at an internationalised domain, shown in Unicode");
  sidebar.click("Sync this thread");
  sidebar.click("Remove from Touchbase");
  take("17-confirm-remove", sidebar.card, "Remove from Touchbase asks first");
  sidebar.click("Cancel");

  // Who sees what (issue 12): the user makes a thread they synced private; it shows a lock and "Share with team".
  sidebar.openMessage(of("customer-contact"));
  take("18-own-email-make-private", sidebar.card, "A thread the user synced: Make private");
  sidebar.click("Make private");
  take("19-own-email-private", sidebar.card, `A private thread: ${sidebar.notice}`);
  sidebar.click("Share with team");
  return shots;
}

const HOUR = 3_600_000;

/**
 * Conversation signals: one customer email unanswered for three days, and twelve earlier questions a colleague
 * answered in four hours each. Returns the Gmail id of the waiting thread.
 */
async function addSignalsHistory(h: Harness): Promise<string> {
  const api = backendApi(h.backend);
  await api.createCustomer(SIGNALS_CUSTOMER);
  const waiting = addWaitingThread(h.mailbox);
  const answered = Array.from({ length: 12 }, (_, i) => {
    const asked = Date.now() - (10 + i * 5) * 24 * HOUR;
    const id = `<asked-${i}-${asked}@initech-signals.test>`;
    return [
      {
        ...waiting.email,
        messageId: id,
        subject: `Question ${i + 1}`,
        sentAt: new Date(asked).toISOString(),
      },
      {
        messageId: `<answer-${i}-${asked}@northwind-cs.com>`,
        from: "Sam Colleague <sam.colleague@northwind-cs.com>",
        to: waiting.email.from,
        subject: `Re: Question ${i + 1}`,
        sentAt: new Date(asked + 4 * HOUR).toISOString(),
        inReplyTo: id,
        references: id,
        text: "Here you are.",
      },
    ];
  }).flat();
  const stored = await api.syncEmails([waiting.email, ...answered]);
  const refused = stored.results.filter((r) => r.status !== "stored");
  if (refused.length > 0) throw new Error(`the signals history was not stored: ${JSON.stringify(refused)}`);
  return waiting.gmailId;
}
