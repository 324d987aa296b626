// Every card a user meets, produced by the built add-on against the real backend, rendered to HTML and
// photographed in Chromium into test-results/gmail/ so people can see them.
import { existsSync, statSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Json } from "../simulator/card-service";
import { addMarkupThread, addWaitingThread, SIGNALS_CUSTOMER } from "../simulator/mailbox-generator";
import { backendApi } from "./backend-api";
import { startHarness, type Harness } from "./harness";
import { HAVE_CHROMIUM, launchChromium, screenshotCard, SCREENSHOT_DIR } from "./screenshots";

if (!HAVE_CHROMIUM) console.log("Gmail card screenshots skipped: /usr/bin/chromium is not installed.");

describe.skipIf(!HAVE_CHROMIUM)("card screenshots", () => {
  let h: Harness;
  let browser: Browser;
  const shots: { name: string; card: Json; caption: string }[] = [];
  const take = (name: string, card: Json, caption: string) => shots.push({ name, card, caption });

  beforeAll(async () => {
    h = await startHarness({ fixtures: true, generate: { threads: 80, seed: 5, idPrefix: "shots" } });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it("photographs the homepage, message cards, dialogs, progress and errors", async () => {
    const of = (kind: string) => [...h.generated.truth.values()].find((t) => t.kind === kind)!.gmailId;
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
    // A customer with nothing answered yet: the designed empty state of the response time.
    expect(JSON.stringify(sidebar.card)).toContain("No replies measured yet");

    // Conversation signals: one customer email waiting three days, and twelve earlier ones answered in 4 hours.
    const api = backendApi(h.backend);
    await api.createCustomer(SIGNALS_CUSTOMER);
    const waiting = addWaitingThread(h.mailbox);
    const HOUR = 3_600_000;
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
    expect(stored.results.every((r) => r.status === "stored")).toBe(true);
    sidebar.openMessage(waiting.gmailId);
    const signalsCard = JSON.stringify(sidebar.card);
    expect(signalsCard).toContain("Waiting for a reply for 3 days");
    expect(signalsCard).toContain("Thread: Renewal terms for next year");
    expect(signalsCard).toContain("Median reply 4 h (12 replies)");
    take("15-customer-signals", sidebar.card, "Waiting for a reply, and how fast the team answers");

    for (const shot of shots) {
      const path = await screenshotCard(browser, shot.name, shot.card, shot.caption);
      expect(existsSync(path)).toBe(true);
      expect(statSync(path).size).toBeGreaterThan(2_000);
    }
    expect(shots.length).toBe(15);
    console.log(`Gmail card screenshots: ${SCREENSHOT_DIR}`);
  }, 180_000);
});
