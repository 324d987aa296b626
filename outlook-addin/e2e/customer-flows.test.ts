import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addInboxMessage,
  announceSkip,
  MAILBOX,
  messageState,
  openHarness,
  screenshotPane,
  selectMessage,
  startWorld,
  syncAndView,
  withHarness,
  type World,
} from "./e2e-world";
import { HAS_CHROMIUM } from "../../dev/chromium";

// Real backend (demo workspace), real Graph simulator, real Chromium, the harness around the built task pane.

announceSkip("customer flows");

/** A local server that counts every request: if the hostile email makes the browser fetch anything, it shows here. */
async function canaryServer(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(200, { "content-type": "image/gif", "access-control-allow-origin": "*" });
    res.end(Buffer.from("R0lGODlhAQABAAAAACw=", "base64"));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return { url, hits, close: () => new Promise((r) => server.close(() => r())) };
}

function hostileHtml(canary: string): string {
  return `<html><head>
<style>@import url("${canary}/import.css"); body { background-image: url("${canary}/body-bg.png"); }
  .overlay { position: fixed; inset: 0; z-index: 2147483647; background: rgba(255,0,0,.2); }</style>
<link rel="stylesheet" href="${canary}/link.css">
<meta http-equiv="refresh" content="0;url=${canary}/refresh">
<base href="${canary}/base/">
</head><body onload="touchbaseCanary('body-onload')">
<div class="overlay">An overlay that tries to cover the pane</div>
<script>touchbaseCanary('script')</script>
<script src="${canary}/script.js"></script>
<img src="x" onerror="touchbaseCanary('img-onerror')">
<img src="${canary}/pixel.gif" alt="tracking pixel">
<svg><image href="${canary}/svg.png" onload="touchbaseCanary('svg')"/></svg>
<a id="js-link" href="javascript:touchbaseCanary('javascript-link')">Open your invoice</a>
<a id="js-entity" href="jav&#x09;ascript:touchbaseCanary('javascript-entity')">Another link</a>
<iframe src="${canary}/frame.html"></iframe><iframe srcdoc="<script>top.touchbaseCanary('srcdoc')</script>"></iframe>
<object data="${canary}/object.swf"></object><embed src="${canary}/embed.swf">
<form action="${canary}/steal" method="post"><input name="password" value="hunter2"><button id="steal">Log in</button></form>
<div style="background:url(${canary}/inline-style.png)">Styled text</div>
<table background="${canary}/table.png"><tr><td>Quarterly numbers</td></tr></table>
<p id="visible">Hello Alex, here are the numbers you asked for.</p>
</body></html>`;
}

describe.skipIf(!HAS_CHROMIUM)("Outlook task pane in the harness (e2e)", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  }, 240_000);
  afterAll(async () => world?.stop(), 60_000);

  it("open a customer email → the customer, profile and history appear", { timeout: 180_000 }, async () => {
    await withHarness(world, async ({ page, pane }) => {
      await selectMessage(page, { from: "wile.coyote@acme.com" });
      const card = pane.locator("[data-testid=customer-card]").first();
      await card.waitFor({ timeout: 60_000 });
      await expect
        .poll(() => card.locator("[data-testid=customer-name]").textContent())
        .toBe("Acme Corporation");
      await expect
        .poll(() => card.locator("[data-testid=customer-why]").textContent())
        .toContain("wile.coyote@acme.com is a contact of this customer");
      const profile = card.locator("[data-testid=customer-profile]");
      await profile.waitFor({ timeout: 60_000 });
      const text = await profile.textContent();
      expect(text).toContain("OwnerAlex Admin");
      expect(text).toContain("PlanEnterprise");
      expect(text).toContain("ARR$184,000");
      await expect
        .poll(() => card.locator("[data-testid=history-item]").count(), { timeout: 30_000 })
        .toBeGreaterThan(0);
      // History comes from the backend's demo data: what it holds for Acme, newest first.
      const acme = (await world.api.customers({ q: "Acme" })).customers.find(
        (c) => c.name === "Acme Corporation",
      )!;
      const stored = (await world.api.customerEmails({ customerId: acme.id, limit: 100 })).emails;
      const shown = await card.locator("[data-testid=history-item]").allTextContents();
      expect(stored.map((e) => e.subject || "(no subject)")).toEqual(expect.arrayContaining(shown));
      expect(await messageState(pane).getAttribute("data-state")).toMatch(/not-synced|synced/);
    });
  });

  it(
    "exclude the sender → their next email shows excluded; undo brings them back",
    { timeout: 180_000 },
    async () => {
      await withHarness(world, async ({ page, pane }) => {
        // A customer sender with at least two messages in the Inbox.
        const senders = await page.$$eval("[data-testid=message-row]", (rows) =>
          rows.map((r) => (r as HTMLElement).dataset.from ?? ""),
        );
        const counts = new Map<string, number>();
        for (const s of senders) counts.set(s, (counts.get(s) ?? 0) + 1);
        const sender = [...counts.entries()].find(
          ([s, n]) => n >= 2 && /@(umbrella\.com|globex\.io|initech\.com|hooli\.xyz)$/.test(s),
        )?.[0];
        expect(sender, "the demo mailbox has a customer sender with two emails").toBeTruthy();
        const rows = page.locator(`[data-testid=message-row][data-from="${sender}"]`);
        await rows.nth(0).click({ position: { x: 200, y: 20 } });
        await pane.locator("[data-testid=customer-card]").first().waitFor({ timeout: 60_000 });
        await pane.locator("[data-testid=sender-menu]").click();
        await pane.getByRole("menuitem", { name: "Exclude sender" }).click();
        await pane.locator("[data-testid=exclude-confirm]").click();
        await expect
          .poll(() => messageState(pane).getAttribute("data-state"), { timeout: 30_000 })
          .toBe("excluded");
        expect(await pane.locator("[data-testid=notice]").textContent()).toContain(`${sender} is excluded`);
        const exclusions = (await world.api.exclusions()).exclusions;
        expect(exclusions).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ kind: "address", value: sender, scope: "user" }),
          ]),
        );

        await rows.nth(1).click({ position: { x: 200, y: 20 } });
        const secondId = await rows.nth(1).getAttribute("data-id");
        await pane
          .locator(`[data-testid=message-view] [data-testid=message-status][data-state=excluded]`)
          .waitFor({ timeout: 30_000 });
        expect(await pane.locator("[data-testid=message-view]").getAttribute("data-item-id")).toBe(
          secondId!.replace(/-/g, "/").replace(/_/g, "+"),
        );

        await pane.locator("[data-testid=notice-undo]").click();
        await expect
          .poll(() => messageState(pane).getAttribute("data-state"), { timeout: 30_000 })
          .not.toBe("excluded");
        expect((await world.api.exclusions()).exclusions.some((x) => x.value === sender)).toBe(false);
      });
    },
  );

  it(
    "several selected (Mailbox 1.13+) → Sync N selected uploads only the customer emails among them",
    { timeout: 180_000 },
    async () => {
      const stamp = Date.now();
      const messages = [
        {
          from: "Pepper Potts <pepper.potts@stark-industries.com>",
          subject: `Selected customer A ${stamp}`,
          id: `<sel-a-${stamp}@stark-industries.com>`,
          customer: true,
        },
        {
          from: "Mom <mom.family@gmail.com>",
          subject: `Selected personal ${stamp}`,
          id: `<sel-b-${stamp}@gmail.com>`,
          customer: false,
        },
        {
          from: "Lucius Fox <lucius.fox@wayne-enterprises.com>",
          subject: `Selected customer C ${stamp}`,
          id: `<sel-c-${stamp}@wayne-enterprises.com>`,
          customer: true,
        },
      ];
      for (const m of messages) {
        await world.sim.control("POST", "/_sim/messages", {
          mailbox: MAILBOX,
          folder: "inbox",
          from: m.from,
          to: [MAILBOX],
          subject: m.subject,
          text: "Selected for a bulk sync.",
          internetMessageId: m.id,
        });
      }
      const { page, pane, context } = await openHarness(world);
      const uploads: string[] = [];
      page.on("request", (request) => {
        if (request.url().includes("/api/v1/emails/batch")) {
          const body = JSON.parse(request.postData() ?? "{}") as { emails?: { messageId: string }[] };
          uploads.push(...(body.emails ?? []).map((e) => e.messageId));
        }
      });
      try {
        const row = (subject: string) => page.locator(`[data-testid=message-row][data-subject="${subject}"]`);
        await row(messages[0].subject).click({ position: { x: 200, y: 20 } });
        await row(messages[1].subject).locator("input[type=checkbox]").check();
        await row(messages[2].subject).locator("input[type=checkbox]").check();
        const button = pane.locator("[data-testid=sync-selected]");
        await expect.poll(() => button.textContent(), { timeout: 30_000 }).toBe("Sync 3 selected");
        await button.click();
        const notice = pane.locator("[data-testid=notice]");
        await expect
          .poll(() => notice.textContent(), { timeout: 60_000 })
          .toBe("2 emails synced. 1 email is not customer mail and stays in Outlook.");
        expect(uploads.sort()).toEqual([messages[0].id, messages[2].id].sort());
        for (const m of messages) {
          const address = /<([^>]+)>/.exec(m.from)![1];
          const lookup = await world.api.lookup({ emails: [address], messageId: m.id });
          expect(Boolean(lookup.message?.emailId)).toBe(m.customer);
        }
      } finally {
        await context.close();
      }
    },
  );

  it(
    "a hostile email renders without running anything (a canary proves it)",
    { timeout: 180_000 },
    async () => {
      const canary = await canaryServer();
      const calls: string[] = [];
      const { page, pane, context } = await openHarness(world);
      try {
        await context.exposeFunction("touchbaseCanary", (what: string) => void calls.push(what));
        const subject = `Invoice ${Date.now()}`;
        const messageId = `<hostile-${Date.now()}@acme.com>`;
        await addInboxMessage(world, { subject, messageId, html: hostileHtml(canary.url) });
        // Open it from the customer's history: the pane's email viewer renders the stored HTML.
        const { frame: frameElement, email } = await syncAndView(page, pane, { subject, messageId });
        await email.locator("#visible").waitFor();
        expect(await email.locator("#visible").textContent()).toBe(
          "Hello Alex, here are the numbers you asked for.",
        );
        // The overlay trick is neutralised: the box no longer floats over the email.
        expect(await email.locator(".overlay").evaluate((el) => getComputedStyle(el).position)).toBe(
          "static",
        );
        await email.locator("#js-link").click();
        await email.locator("#js-entity").click();
        await page.waitForTimeout(1500); // give any escaped script, refresh or request time to show itself
        expect(calls).toEqual([]);
        expect(canary.hits).toEqual([]);
        expect(
          await email
            .locator("script, iframe, object, embed, form, input, link, base, meta[http-equiv=refresh]")
            .count(),
        ).toBe(0);
        expect(await email.locator("[onerror], [onload]").count()).toBe(0);
        expect(await frameElement.getAttribute("sandbox")).not.toContain("allow-scripts");
        await pane.locator("[data-testid=remote-blocked]").waitFor();
        // Positive controls: the canary function and the canary server both work.
        await pane
          .locator("body")
          .evaluate(() =>
            (window as unknown as { touchbaseCanary(s: string): void }).touchbaseCanary("control"),
          );
        await pane.getByRole("button", { name: "Show images" }).click();
        await expect.poll(() => canary.hits.includes("/pixel.gif"), { timeout: 15_000 }).toBe(true);
        expect(calls).toEqual(["control"]);
        expect(
          canary.hits.filter((h) => /script|import|link\.css|refresh|frame|object|embed|steal/.test(h)),
        ).toEqual([]);
        await pane.getByRole("button", { name: "Back" }).click();
        await pane.locator("[data-testid=customer-card]").first().waitFor();
      } finally {
        await context.close();
        await canary.close();
      }
    },
  );
  it(
    "who sees what: Make private on an email the user synced shows a lock; Share with team undoes it",
    { timeout: 180_000 },
    async () => {
      const { page, pane, context } = await openHarness(world);
      try {
        // The demo's Acme threads were synced by the admin, who is signed in here.
        await selectMessage(page, { from: "wile.coyote@acme.com" });
        const card = pane.locator("[data-testid=customer-card]").first();
        const makePrivate = card.locator("[data-testid=history-privacy]", { hasText: "Make private" });
        await makePrivate.first().waitFor({ timeout: 60_000 });
        expect(await card.locator("[data-testid=history-lock]").count()).toBe(0);
        await makePrivate.first().click();
        await card.locator("[data-testid=history-lock]").first().waitFor({ timeout: 30_000 });
        const share = card.locator("[data-testid=history-privacy]", { hasText: "Share with team" });
        expect(await share.count()).toBeGreaterThan(0);
        const acme = (await world.api.customers({ q: "Acme" })).customers.find(
          (c) => c.name === "Acme Corporation",
        )!;
        const stored = (await world.api.customerEmails({ customerId: acme.id, limit: 100 })).emails;
        expect(stored.filter((e) => e.private).length).toBeGreaterThan(0);
        await screenshotPane(page, "pane-private-thread");
        await share.first().click();
        await expect
          .poll(() => card.locator("[data-testid=history-lock]").count(), { timeout: 30_000 })
          .toBe(0);
        const after = (await world.api.customerEmails({ customerId: acme.id, limit: 100 })).emails;
        expect(after.filter((e) => e.private)).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
