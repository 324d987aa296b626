// The web workspace end to end in Chromium: the real backend on real HTTP (PGlite), the built bundle from
// dist/web, signed in through real server-side sessions. Walks every page and its actions as an admin and as a
// member, checks each page with axe (0 serious or critical violations), and saves screenshots of every page in
// light and dark to test-results/web/.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { serve } from "@hono/node-server";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../backend/src/app";
import { createUser } from "../../backend/src/data/workspaces";
import { createSession } from "../../backend/src/identity/web-sessions";
import { STATIC_DIR } from "../../backend/src/start-server";
import { createTestApp, type TestApp, type TestWorkspace } from "../../backend/test/test-app";
import { HAS_CHROMIUM, launchChromium } from "../../dev/chromium";

const ROOT = resolve(import.meta.dirname, "../..");
const SHOTS = resolve(ROOT, "test-results/web");
const BUILT = resolve(ROOT, "dist/web/index.html");
const DAY = 86_400_000;
const TIMEOUTS = { idleMinutes: 60, maxHours: 12 };

const HTML_EMAIL = `<html><body><p id="hello">Hello from <b>Acme</b></p><script>parent.hacked = 1</script>
<img src="https://tracker.example/pixel.gif"><a href="javascript:alert(1)">x</a></body></html>`;

describe.skipIf(!HAS_CHROMIUM)("the web workspace in Chromium", () => {
  let t: TestApp;
  let ws: TestWorkspace;
  let base: string;
  let stop: () => Promise<void>;
  let browser: Browser;
  const sessions: Record<"admin" | "member", string> = { admin: "", member: "" };
  let memberToken = "";
  let acmeId = "";

  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error("The web workspace is not built: run npm run build:web first.");
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp("pglite");
    ws = await t.workspace({ internalDomains: ["northwind.test"], adminEmail: "alex@northwind.test" });
    const db = t.db.database.db;
    const member = await createUser(db, ws.id, {
      email: "dana@northwind.test",
      name: "Dana Scully",
      role: "member",
    });
    memberToken = member.token;
    await t.call(ws.adminToken, "PATCH", "/workspace", { name: "Northwind" });
    const acme = await t.call(ws.adminToken, "POST", "/customers", {
      name: "Acme",
      domains: ["acme.test", "bücher.example"],
      attributes: { owner: "Alex", plan: "Enterprise", seats: 40 },
    });
    acmeId = acme.body.id;
    await t.call(ws.adminToken, "POST", "/customers", {
      name: "Globex",
      domains: ["globex.test"],
      attributes: { owner: "Dana Scully", plan: "Starter", seats: 5 },
    });
    await t.call(ws.adminToken, "POST", "/customers", { name: "Initech", domains: ["initech.test"] });
    const now = Date.now();
    const adminMail = [
      {
        messageId: "<kickoff@acme.test>",
        from: "Wile Coyote <wile@acme.test>",
        to: "Alex <alex@northwind.test>",
        subject: "Kick-off next week",
        sentAt: new Date(now - 20 * DAY).toISOString(),
        html: HTML_EMAIL,
      },
      {
        messageId: "<kickoff-reply@northwind.test>",
        from: "Alex <alex@northwind.test>",
        to: "Wile Coyote <wile@acme.test>",
        subject: "Re: Kick-off next week",
        inReplyTo: "<kickoff@acme.test>",
        references: "<kickoff@acme.test>",
        sentAt: new Date(now - 19 * DAY).toISOString(),
        text: "Tuesday works for us.",
      },
      {
        messageId: "<renewal@acme.test>",
        from: "Road Runner <roadrunner@acme.test>",
        to: "alex@northwind.test",
        subject: "Renewal quote",
        sentAt: new Date(now - 3 * DAY).toISOString(),
        text: "Could you send the renewal quote?",
      },
    ];
    expect((await t.call(ws.adminToken, "POST", "/emails/batch", { emails: adminMail })).status).toBe(200);
    const memberMail = [
      {
        messageId: "<globex-1@globex.test>",
        from: "Hank Scorpio <hank@globex.test>",
        to: "Dana Scully <dana@northwind.test>",
        subject: "Onboarding questions",
        sentAt: new Date(now - 70 * DAY).toISOString(),
        text: "A few questions about onboarding.",
      },
    ];
    expect((await t.call(memberToken, "POST", "/emails/batch", { emails: memberMail })).status).toBe(200);
    sessions.admin = (
      await createSession(db, (await userId(t, ws.adminToken)) as string, "link", "e2e", TIMEOUTS)
    ).token;
    sessions.member = (await createSession(db, member.user.id, "link", "e2e", TIMEOUTS)).token;

    const app = buildApp({
      database: t.db.database,
      rateLimitPerMinute: 0,
      bodyLimitBytes: 1e6,
      staticDir: STATIC_DIR,
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((r) => server.once("listening", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stop = () => new Promise<void>((r) => server.close(() => r()));
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stop?.();
    await t?.close();
  });

  async function signedIn(
    who: "admin" | "member",
    colorScheme: "light" | "dark" = "light",
  ): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, colorScheme });
    await context.addCookies([
      { name: "tb_session", value: sessions[who], url: base, httpOnly: true, sameSite: "Lax" },
    ]);
    return context;
  }

  const errors: string[] = [];
  function watch(page: Page) {
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      // CSP violations and React errors show up here; the blocked tracker image is expected and not an error.
      if (
        m.type() === "error" &&
        !/tracker\.example|status of 40[34]|status of 500|about:srcdoc/.test(m.text())
      ) {
        errors.push(`console: ${m.text()}`);
      }
    });
  }

  /** A signed-in page whose script errors are collected; closeWithoutErrors closes it and asserts there were none. */
  async function signedInPage(
    who: "admin" | "member",
    colorScheme: "light" | "dark" = "light",
  ): Promise<Page> {
    const page = await (await signedIn(who, colorScheme)).newPage();
    watch(page);
    return page;
  }
  async function closeWithoutErrors(page: Page) {
    await page.context().close();
    expect(errors).toEqual([]);
  }

  async function axe(page: Page, name: string) {
    // Colour contrast is judged on what the user sees once things stop moving: a button enabled a moment ago is
    // still fading between Fluent's disabled and enabled colours (a CSS transition), and axe would measure the
    // blend. Every finite animation and transition is waited for; endless ones (spinners) are left running.
    // At most 2 s, so a paused animation cannot hold the test.
    await page.evaluate(() =>
      Promise.race([
        Promise.all(
          document
            .getAnimations()
            .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
            .map((a) => a.finished.catch(() => undefined)),
        ),
        new Promise((resolve) => setTimeout(resolve, 2000)),
      ]),
    );
    const result = await new AxeBuilder({ page })
      // The email frame shows a customer's email, sandboxed without scripts: axe cannot run inside it.
      .exclude("[data-testid=email-frame]")
      .options({ iframes: false })
      .setLegacyMode()
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      bad.map(
        (v) =>
          `${name}: ${v.id} (${v.impact}) ${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 3)
            .join(" | ")}`,
      ),
    ).toEqual([]);
  }

  async function shot(page: Page, name: string) {
    await page.screenshot({ path: resolve(SHOTS, `${name}.png`) });
  }

  const PAGES = [
    { name: "customers", path: "/app", ready: "[data-testid=customer-row]" },
    { name: "customer-profile", path: () => `/app/customers/${acmeId}`, ready: "[data-testid=thread]" },
    { name: "conversations", path: "/app/conversations", ready: "[data-testid=conversation]" },
    { name: "my-emails", path: "/app/me/emails", ready: "text=Update sync settings" },
    { name: "admin-block-list", path: "/app/admin/block-list", ready: "text=Workspace block list" },
    { name: "admin-team", path: "/app/admin/team", ready: "[data-testid=member-row]" },
    { name: "admin-settings", path: "/app/admin/settings", ready: "[data-testid=bcc-address]" },
    { name: "admin-sync-health", path: "/app/admin/sync-health", ready: "[data-testid=health-row]" },
  ];

  for (const theme of ["light", "dark"] as const) {
    it(
      `every page as an admin in the ${theme} theme: designed, accessible, screenshot`,
      { timeout: 180_000 },
      async () => {
        const page = await signedInPage("admin", theme);
        for (const p of PAGES) {
          await page.goto(`${base}${typeof p.path === "function" ? p.path() : p.path}`);
          await page.locator(p.ready).first().waitFor({ timeout: 30_000 });
          if (theme === "dark") {
            const bg = await page.evaluate(
              () =>
                getComputedStyle(document.querySelector("main")!.parentElement!.parentElement!)
                  .backgroundColor,
            );
            expect(bg).not.toBe("rgb(250, 250, 250)");
          }
          await axe(page, `${p.name}/${theme}`);
          await shot(page, `${p.name}-${theme}`);
        }
        await closeWithoutErrors(page);
      },
    );
  }

  it(
    "Customers: sort, search, filters, create, edit, import with preview, export",
    { timeout: 180_000 },
    async () => {
      const page = await signedInPage("admin");
      await page.goto(`${base}/app`);
      const names = () => page.locator("[data-testid=customer-row] a").allTextContents();
      await page.locator("[data-testid=customer-row]").first().waitFor(); // the first load, on a busy machine
      await expect.poll(names).toEqual(["Acme", "Globex", "Initech"]);
      expect(await page.locator("[data-testid=customer-row]").first().textContent()).toContain(
        "bücher.example",
      );

      await page.getByRole("button", { name: /^Sort by Last Touch/ }).click();
      await expect.poll(names).toEqual(["Initech", "Globex", "Acme"]);
      await page.getByRole("button", { name: /^Sort by Last Touch/ }).click();
      await expect.poll(names).toEqual(["Acme", "Globex", "Initech"]);
      expect(page.url()).toContain("sort=lastTouch");

      await page.getByLabel("No touch in (days)").fill("30");
      await expect.poll(names).toEqual(["Globex", "Initech"]);
      await page.getByLabel("Owner", { exact: true }).selectOption("Dana Scully");
      await expect.poll(names).toEqual(["Globex"]);
      await page.getByRole("button", { name: "Clear filters" }).click();
      await page.getByLabel("Search names and domains").fill("init");
      await expect.poll(names).toEqual(["Initech"]);
      await page.getByLabel("Search names and domains").fill("nobody-matches");
      await page.getByText("No customer matches these filters").waitFor();
      await shot(page, "customers-filtered-empty-light");
      await page.getByRole("button", { name: "Clear filters" }).click();

      // Create, then edit on the profile.
      await page.getByRole("button", { name: "New customer" }).click();
      await page.getByRole("dialog").getByLabel(/^Name/).fill("Umbrella");
      await page
        .getByRole("dialog")
        .getByLabel(/^Domains/)
        .fill("umbrella.test");
      await page.getByRole("button", { name: "Add attribute" }).click();
      await page.getByLabel("Attribute 1 name").fill("plan");
      await page.getByLabel("Attribute 1 value").fill("Trial");
      await page.getByRole("button", { name: "Create customer" }).click();
      await page.getByRole("heading", { name: "Umbrella", level: 1 }).waitFor();
      await page.getByRole("button", { name: "Edit", exact: true }).click();
      await page.getByRole("dialog").getByLabel(/^Name/).fill("Umbrella Corp");
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByRole("heading", { name: "Umbrella Corp", level: 1 }).waitFor();
      expect((await t.call(ws.adminToken, "GET", "/customers?q=umbrella")).body.customers[0]).toMatchObject({
        name: "Umbrella Corp",
        domains: ["umbrella.test"],
        attributes: { plan: "Trial" },
      });
      await page.getByRole("link", { name: "Customers", exact: true }).first().click();

      // Import: preview (nothing changes), then import.
      await page.getByRole("button", { name: "Import CSV" }).click();
      await page
        .getByLabel("Or paste the CSV")
        .fill(
          "name,domains,plan\nAcme,acme.test,Platinum\nWayne,wayne.test,Gold\n,bad.test,\nClash,globex.test,\n",
        );
      await page.getByRole("button", { name: "Preview changes" }).click();
      const preview = page.locator("[data-testid=import-preview]");
      await preview.waitFor();
      expect(await preview.textContent()).toContain("1 to create, 1 to update, 2 with errors");
      expect(await preview.textContent()).toContain("Update Acme");
      expect(await preview.textContent()).toContain("Create Wayne");
      await axe(page, "import-preview");
      await shot(page, "customers-import-preview-light");
      expect((await t.call(ws.adminToken, "GET", "/customers?q=wayne")).body.customers).toHaveLength(0);
      await page.getByRole("button", { name: "Import 2 customers" }).click();
      await page.getByText("Imported: 1 created, 1 updated, 2 lines skipped.").waitFor();
      await page.getByRole("button", { name: "Close" }).click();
      await expect.poll(names).toContain("Wayne");

      const download = page.waitForEvent("download");
      await page.getByRole("button", { name: "Export CSV" }).click();
      const file = await (await download).path();
      expect(readFileSync(file, "utf8")).toMatch(/^name,domains,/);
      expect(readFileSync(file, "utf8")).toContain("Wayne,wayne.test");
      await closeWithoutErrors(page);
    },
  );

  it(
    "Customer profile: chart, team, contacts (add, edit, merge), threads, a sanitised email, remove, delete",
    { timeout: 180_000 },
    async () => {
      const page = await signedInPage("admin");
      await page.goto(`${base}/app/customers/${acmeId}`);
      await page.getByRole("heading", { name: "Acme", level: 1 }).waitFor();
      expect(await page.locator("[data-testid=week-chart] svg").getAttribute("aria-label")).toContain(
        "2 inbound, 1 outbound",
      );
      expect(await page.getByRole("table", { name: /Team members/ }).textContent()).toContain("alex");
      // The signals, in the add-ins' words: the renewal quote has waited 3 days; one reply measured, in 24 h.
      await expect
        .poll(() => page.getByTestId("profile-waiting").textContent())
        .toBe("Waiting for a reply for 3 days");
      expect(await page.getByTestId("profile-median").textContent()).toMatch(
        /^Median reply 24 h \(1 reply\)$/,
      );

      const threads = page.locator("[data-testid=thread]");
      await expect
        .poll(() => threads.allTextContents())
        .toEqual([
          expect.stringContaining("Renewal quote"),
          expect.stringContaining("Re: Kick-off next week (2)"),
        ]);
      await threads.nth(1).getByRole("button").first().click();
      await page.getByRole("button", { name: /In · Wile Coyote/ }).click();
      const frame = page.locator("[data-testid=email-frame]");
      await frame.waitFor();
      const srcdoc = (await frame.getAttribute("srcdoc")) ?? "";
      expect(srcdoc).toContain("Hello from <b>Acme</b>");
      expect(srcdoc).not.toContain("<script");
      expect(srcdoc).not.toContain("tracker.example");
      expect(await frame.getAttribute("sandbox")).toBe("allow-popups");
      expect(await page.frameLocator("[data-testid=email-frame]").locator("#hello").textContent()).toBe(
        "Hello from Acme",
      );
      expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
      await axe(page, "profile-email-open");
      await shot(page, "customer-profile-email-light");
      // Remote images only when asked: "Show images" loads the tracker's pixel (the page's policy lets the frame
      // load it; the frame's own policy blocked it until then), in the same sandbox.
      const pixelRequests: string[] = [];
      await page.route("https://tracker.example/**", (route) => {
        pixelRequests.push(route.request().url());
        return route.fulfill({
          status: 200,
          contentType: "image/gif",
          body: Buffer.from("R0lGODlhAQABAAAAACw=", "base64"),
        });
      });
      await page.getByRole("button", { name: "Show images" }).click();
      await expect
        .poll(() => pixelRequests, { timeout: 15_000 })
        .toContain("https://tracker.example/pixel.gif");

      // Remove from Touchbase (the admin synced it): confirm, and it is gone from the history.
      await page.getByRole("button", { name: "Remove from Touchbase" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
      await expect
        .poll(() => threads.allTextContents())
        .toEqual([
          expect.stringContaining("Renewal quote"),
          expect.stringContaining("Re: Kick-off next week"),
        ]);
      await expect.poll(async () => (await threads.nth(1).textContent()) ?? "").not.toContain("(2)");

      // Contacts: add one, rename, merge.
      await page.getByLabel("Address", { exact: true }).fill("w.coyote@acme.test");
      await page.getByLabel("First name").first().fill("Wile E.");
      await page.getByRole("button", { name: "Add contact" }).click();
      const contacts = page.locator("[data-testid=contact-row]");
      await expect.poll(() => contacts.count()).toBe(3);
      await page
        .getByRole("button", { name: "Edit roadrunner@acme.test" })
        .or(page.getByRole("button", { name: /^Edit Road/ }))
        .first()
        .click();
      await page.getByRole("dialog").getByLabel("First name").fill("Road");
      await page.getByRole("dialog").getByLabel("Last name").fill("Runner");
      await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
      await page.getByRole("button", { name: "Edit Road Runner" }).waitFor();
      await page.getByRole("button", { name: "Merge Wile E." }).click();
      const mergeInto = page.getByRole("dialog").getByLabel("Merge into");
      const wile = (await mergeInto.locator("option").allTextContents()).find((o) =>
        o.includes("wile@acme.test"),
      )!;
      await mergeInto.selectOption({ label: wile });
      await page.getByRole("dialog").getByRole("button", { name: "Merge" }).click();
      await expect.poll(() => contacts.count()).toBe(2);
      expect(await contacts.allTextContents()).toContainEqual(
        expect.stringContaining("wile@acme.test, w.coyote@acme.test"),
      );
      await shot(page, "customer-profile-contacts-light");

      // Delete a customer (admins): confirm, back on the board, gone.
      await page.goto(`${base}/app/customers?q=initech`);
      await page.getByRole("link", { name: "Initech" }).click();
      await page.getByRole("button", { name: "Delete customer" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Delete customer" }).click();
      await page.waitForURL(`${base}/app/customers`);
      expect((await t.call(ws.adminToken, "GET", "/customers?q=initech")).body.customers).toHaveLength(0);
      await closeWithoutErrors(page);
    },
  );

  it(
    "Conversations filter by customer, member, direction and date; My emails settings, exclusions, remove all",
    { timeout: 180_000 },
    async () => {
      const page = await signedInPage("member");
      await page.goto(`${base}/app/conversations`);
      const items = page.locator("[data-testid=conversation]");
      const expected = async (query: string) =>
        (await t.call(memberToken, "GET", `/conversations?${query}`)).body.emails.length;
      await expect.poll(() => items.count()).toBe(await expected(""));
      await page.getByLabel("Direction").selectOption("outbound");
      await expect.poll(() => items.count()).toBe(await expected("direction=outbound"));
      expect(await items.allTextContents()).toEqual([expect.stringContaining("Re: Kick-off next week")]);
      await page.getByLabel("Customer", { exact: true }).selectOption({ label: "Globex" });
      await page.getByText("No email matches these filters").waitFor();
      await page.getByLabel("Direction").selectOption("");
      await page.getByLabel("Customer", { exact: true }).selectOption({ label: "Globex" });
      await expect
        .poll(() => items.allTextContents())
        .toEqual([expect.stringContaining("Onboarding questions")]);
      await page.getByRole("button", { name: "Clear filters" }).click();
      await page.getByLabel("Team member").selectOption({ label: "Dana Scully (me)" });
      await expect.poll(() => items.count()).toBe(1);
      await page.getByRole("button", { name: "Clear filters" }).click();
      const weekAgo = new Date(Date.now() - 7 * DAY).toISOString().slice(0, 10);
      await page.getByLabel("From date").fill(weekAgo);
      await expect.poll(() => items.allTextContents()).toEqual([expect.stringContaining("Renewal quote")]);
      // A member may read a colleague's email but not remove it.
      await items.first().getByRole("button").first().click();
      await page.locator("[data-testid=email-view]").waitFor();
      expect(await page.getByRole("button", { name: "Remove from Touchbase" }).count()).toBe(0);
      await axe(page, "conversations-member");
      await shot(page, "conversations-member-light");

      await page.getByRole("link", { name: "My emails" }).click();
      await page.getByRole("table", { name: "My synced emails per client" }).waitFor();
      await page.getByLabel("Look back (days)").fill("45");
      await page.getByText("Sync automatically when I open Touchbase in my mail").click();
      await page.getByRole("button", { name: "Update sync settings" }).click();
      await page.getByText("Saved. Outlook and Gmail use these settings").waitFor();
      expect((await t.call(memberToken, "GET", "/me/settings")).body).toMatchObject({
        lookbackDays: 45,
        autoSyncOnOpen: false,
      });

      await page.getByLabel("Address or domain to exclude").fill("hank@globex.test");
      await page.getByText("Also remove stored emails").click();
      await page.getByText("Also remove stored emails (1 names it)").waitFor();
      await page.getByRole("button", { name: "Exclude" }).click();
      await page.getByText("hank@globex.test is excluded; 1 email removed.").waitFor();
      await page.getByRole("button", { name: "Remove hank@globex.test" }).click();
      await page.getByText("hank@globex.test is no longer excluded").waitFor();

      // Remove all: the member has nothing left after the purge; sync one more and remove it with the typed phrase.
      await t.call(memberToken, "POST", "/emails/batch", {
        emails: [
          {
            messageId: "<late@globex.test>",
            from: "hank@globex.test",
            to: "dana@northwind.test",
            sentAt: new Date().toISOString(),
            text: "Late",
          },
        ],
      });
      await page.reload();
      await page.getByRole("button", { name: "Remove my 1 synced email…" }).click();
      const confirm = page.getByRole("dialog").getByRole("button", { name: "Remove my emails" });
      expect(await confirm.isDisabled()).toBe(true);
      await page.getByRole("dialog").getByLabel("Type remove 1 to confirm").fill("remove 1");
      await axe(page, "remove-all-dialog");
      await shot(page, "my-emails-remove-all-light");
      await confirm.click();
      await page.getByText("Removed. 1 email was deleted from Touchbase.").waitFor();

      // A script's token: listed with its name, revoked after a confirmation, refused from then on.
      const script = (await t.call(memberToken, "POST", "/tokens", { name: "Nightly export" })).body;
      expect((await t.call(script.token, "GET", "/me")).status).toBe(200);
      await page.reload();
      const row = page.locator("[data-testid=token-row]", { hasText: "Nightly export" });
      await row.waitFor();
      await row.getByRole("button", { name: "Revoke Nightly export" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
      await row.waitFor({ state: "detached" });
      expect((await t.call(script.token, "GET", "/me")).status).toBe(401);
      await closeWithoutErrors(page);
    },
  );

  it(
    "Admin: block list with purge count, invitations, settings, BCC rotate, sync health",
    { timeout: 180_000 },
    async () => {
      const page = await signedInPage("admin");
      await page.goto(`${base}/app/admin/block-list`);
      await page.getByLabel("Address or domain to exclude").fill("globex.test");
      await page.getByText("Also remove stored emails").click();
      await page.getByText(/Also remove stored emails \(\d+ names? it\)/).waitFor();
      await page.getByRole("button", { name: "Exclude" }).click();
      await page.getByText(/globex\.test is excluded; \d+ emails? removed\./).waitFor();
      await page.getByLabel("Search exclusions").fill("glob");
      await expect.poll(() => page.locator("[data-testid=exclusion-row]").count()).toBe(1);
      await page.getByRole("button", { name: "Remove globex.test" }).click();
      await page
        .getByText("Nothing is excluded")
        .or(page.getByText("No exclusion matches"))
        .first()
        .waitFor();

      await page.getByRole("navigation", { name: "Touchbase" }).getByRole("link", { name: "Team" }).click();
      await page.getByLabel("Email to invite").fill("fox@northwind.test");
      await page.getByRole("button", { name: "Invite" }).click();
      await page.getByText("fox@northwind.test is invited as member").waitFor();
      await page.getByRole("button", { name: "Revoke the invitation of fox@northwind.test" }).click();
      await page.getByText("The invitation of fox@northwind.test is revoked.").waitFor();

      await page
        .getByRole("navigation", { name: "Touchbase" })
        .getByRole("link", { name: "Settings" })
        .click();
      await page.getByLabel("Workspace name").fill("Northwind Traders");
      await page.getByText("Skip calendar invitations").click();
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByText("Saved. The add-ins pick the new rules up").waitFor();
      const saved = (await t.call(ws.adminToken, "GET", "/workspace")).body;
      expect(saved.name).toBe("Northwind Traders");
      const before = await page.getByTestId("bcc-address").inputValue();
      expect(before).toBe(`${saved.inboundAddressKey}@127.0.0.1`);
      await page.getByRole("button", { name: "Rotate…" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Rotate" }).click();
      await page.getByText("The BCC address is new").waitFor();
      expect(await page.getByTestId("bcc-address").inputValue()).not.toBe(before);

      await page
        .getByRole("navigation", { name: "Touchbase" })
        .getByRole("link", { name: "Sync health" })
        .click();
      await expect.poll(() => page.locator("[data-testid=health-row]").count()).toBe(2);
      const alex = page.locator("[data-testid=health-row]", { hasText: "alex" });
      expect(await alex.textContent()).not.toContain("Never");
      await closeWithoutErrors(page);
    },
  );

  for (const theme of ["light", "dark"] as const) {
    it(
      `a member never sees the admin pages (${theme}), and every page a member has passes axe`,
      { timeout: 120_000 },
      async () => {
        const page = await signedInPage("member", theme);
        await page.goto(`${base}/app`);
        await page.locator("[data-testid=customer-row]").first().waitFor();
        expect(await page.getByRole("navigation").getByRole("link").allTextContents()).toEqual([
          "Customers",
          "Conversations",
          "My emails",
        ]);
        expect(await page.getByRole("button", { name: "Import CSV" }).count()).toBe(0);
        await shot(page, `member-customers-${theme}`);
        await page.goto(`${base}/app/admin/team`);
        await page.getByText("This page is for workspace admins").waitFor();
        await axe(page, `forbidden/${theme}`);
        await shot(page, `forbidden-${theme}`);
        const statuses = await page.evaluate(async () =>
          Promise.all(
            ["/api/v1/admin/sync-health", "/api/v1/invitations"].map(async (u) => (await fetch(u)).status),
          ),
        );
        expect(statuses).toEqual([403, 403]);
        for (const path of ["/app/me/emails", `/app/customers/${acmeId}`]) {
          await page.goto(`${base}${path}`);
          await page.locator("h1").first().waitFor();
          await page
            .locator("[data-testid=loading]")
            .first()
            .waitFor({ state: "detached" })
            .catch(() => undefined);
          await axe(page, `member ${path}/${theme}`);
        }
        await closeWithoutErrors(page);
      },
    );
  }

  it(
    "designed states: signed out, not found, error with Retry, offline, loading; keyboard navigation",
    { timeout: 120_000 },
    async () => {
      const anonymous = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      const out = await anonymous.newPage();
      await out.goto(`${base}/app/conversations`);
      await out.waitForURL(/\/auth\/sign-in\?returnTo=%2Fapp%2Fconversations/);
      await anonymous.close();

      for (const theme of ["light", "dark"] as const) {
        const page = await signedInPage("admin", theme);
        await page.goto(`${base}/app/nowhere`);
        await page.getByText("Nothing here").waitFor();
        await shot(page, `not-found-${theme}`);
        await page.goto(`${base}/app/customers/cus_missing`);
        await page.getByText("That customer").first().waitFor();

        let fail = true;
        await page.route("**/api/v1/board/customers*", (route) =>
          fail
            ? route.fulfill({
                status: 500,
                contentType: "application/json",
                body: '{"error":{"code":"boom","message":"The Touchbase server had a problem. Try again in a moment."}}',
              })
            : route.continue(),
        );
        await page.goto(`${base}/app`);
        await page.getByTestId("error").waitFor();
        await axe(page, `error/${theme}`);
        await shot(page, `error-${theme}`);
        fail = false;
        await page.getByRole("button", { name: "Retry" }).click();
        await page.locator("[data-testid=customer-row]").first().waitFor();

        let release: () => void = () => undefined;
        const gate = new Promise<void>((r) => (release = r));
        await page.unroute("**/api/v1/board/customers*");
        await page.route("**/api/v1/board/customers*", async (route) => {
          await gate;
          await route.continue();
        });
        await page.getByRole("button", { name: /^Sort by Owner/ }).click();
        await page.getByTestId("loading").waitFor();
        await shot(page, `loading-${theme}`);
        release();
        await page.locator("[data-testid=customer-row]").first().waitFor();

        await page.context().setOffline(true);
        await page.getByTestId("offline").waitFor();
        await shot(page, `offline-${theme}`);
        await page.context().setOffline(false);
        await page.getByTestId("offline").waitFor({ state: "detached" });
        await page.context().close();
      }

      // Keyboard only: the skip link, then the navigation, then a page.
      const context = await signedIn("admin");
      const page = await context.newPage();
      await page.goto(`${base}/app`);
      await page.locator("[data-testid=customer-row]").first().waitFor();
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
      await page.getByRole("link", { name: "Conversations" }).focus();
      await page.keyboard.press("Enter");
      await page.waitForURL(`${base}/app/conversations`);
      await page.locator("[data-testid=conversation]").first().waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");
      await page.getByTestId("theme-toggle").focus();
      await page.keyboard.press("Enter");
      await page.keyboard.press("Enter");
      await expect.poll(() => page.evaluate(() => document.documentElement.style.colorScheme)).toBe("dark");
      await closeWithoutErrors(page);
    },
  );

  it(
    "who sees what: the admin's tier with its example, Make private on a member's email, the lock for colleagues",
    { timeout: 180_000 },
    async () => {
      const globex = (await t.call(ws.adminToken, "GET", "/customers?q=globex")).body.customers[0]
        .id as string;
      await t.call(memberToken, "POST", "/emails/batch", {
        emails: [
          {
            messageId: "<globex-contract@globex.test>",
            from: "Hank Scorpio <hank@globex.test>",
            to: "Dana Scully <dana@northwind.test>",
            subject: "Contract draft, confidential",
            sentAt: new Date(Date.now() - DAY).toISOString(),
            text: "Our legal team has concerns about clause 7.",
          },
        ],
      });

      // The admin picks the tier; the example shows what colleagues would see, before saving.
      const adminContext = await signedIn("admin");
      const admin = await adminContext.newPage();
      watch(admin);
      await admin.goto(`${base}/app/admin/settings`);
      await admin.getByTestId("visibility-tier").waitFor();
      // The first run: until an admin chooses, every admin page asks them to.
      const firstRun = admin.getByTestId("choose-visibility");
      await firstRun.waitFor();
      expect(await firstRun.textContent()).toContain("Until you do, everyone sees everything.");
      expect((await t.call(ws.adminToken, "GET", "/workspace")).body.visibilityChosen).toBe(false);
      await admin.getByRole("radio", { name: /^Subject and participants/ }).check();
      const example = admin.getByTestId("visibility-example");
      await expect.poll(() => example.textContent()).toContain("Body hidden");
      expect(await example.textContent()).toContain("Renewal terms");
      expect(await example.textContent()).toContain("Private — synced by Dana");
      await admin.getByRole("button", { name: "Save who sees what" }).click();
      await admin.getByText("Every email already in Touchbase follows the new setting now.").waitFor();
      expect((await t.call(ws.adminToken, "GET", "/workspace")).body.visibility).toBe("subject");
      expect((await t.call(ws.adminToken, "GET", "/workspace")).body.visibilityChosen).toBe(true);
      await expect.poll(() => firstRun.count()).toBe(0);
      await example.scrollIntoViewIfNeeded();
      await axe(admin, "admin-settings-visibility");
      await shot(admin, "visibility-admin-settings-light");

      // Dana makes her thread private from the email itself.
      const memberContext = await signedIn("member");
      const dana = await memberContext.newPage();
      watch(dana);
      await dana.goto(`${base}/app/customers/${globex}`);
      await dana.locator("[data-testid=thread]", { hasText: "Contract draft" }).getByRole("button").click();
      await dana
        .getByRole("button", { name: /↘ In · Hank Scorpio/ })
        .first()
        .click();
      await dana.getByTestId("privacy-toggle").click();
      await dana.getByTestId("email-lock").waitFor();
      expect(await dana.getByTestId("privacy-toggle").textContent()).toBe("Share with team");
      await axe(dana, "email-private-toggle");
      await shot(dana, "visibility-member-private-toggle-light");

      // The admin is a colleague here: a lock and "Private — synced by Dana Scully", nothing of what was said.
      await admin.goto(`${base}/app/customers/${globex}`);
      const locked = admin.locator("[data-testid=thread][data-private=true]");
      await locked.waitFor();
      expect(await locked.textContent()).toContain("Private — synced by Dana Scully");
      expect(await admin.locator("main").textContent()).not.toContain("clause 7");
      expect(await admin.locator("main").textContent()).not.toContain("Contract draft");
      await admin.getByTestId("thread-lock").waitFor();
      await axe(admin, "profile-private-thread");
      await shot(admin, "visibility-colleague-lock-light");

      // Dana's own choice: the new threads she syncs start private.
      await dana.goto(`${base}/app/me/emails`);
      await dana.getByRole("switch", { name: /Make the new threads I sync private/ }).check();
      await dana.getByRole("button", { name: "Update sync settings" }).click();
      await dana.getByText("Saved. Outlook and Gmail use these settings at their next sync.").waitFor();
      expect((await t.call(memberToken, "GET", "/me/settings")).body.newSyncsPrivate).toBe(true);
      const settings = (await t.call(memberToken, "GET", "/me/settings")).body;
      await t.call(memberToken, "PUT", "/me/settings", { ...settings, newSyncsPrivate: false });

      // Back as it was for the other tests.
      await dana.goto(`${base}/app/customers/${globex}`);
      await dana.locator("[data-testid=thread]", { hasText: "Contract draft" }).getByRole("button").click();
      await dana
        .getByRole("button", { name: /↘ In · Hank Scorpio/ })
        .first()
        .click();
      await dana.getByTestId("privacy-toggle").click();
      await expect.poll(() => dana.getByTestId("privacy-toggle").textContent()).toBe("Make private");
      await t.call(ws.adminToken, "PATCH", "/workspace", { visibility: "full" });
      await adminContext.close();
      await memberContext.close();
      expect(errors).toEqual([]);
    },
  );
});

async function userId(t: TestApp, token: string): Promise<string> {
  return (await t.call(token, "GET", "/me")).body.id;
}
