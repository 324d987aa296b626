import type { FrameLocator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  announceSkip,
  MAILBOX,
  openHarness,
  routeEntraSignIn,
  screenshotPage,
  screenshotPane,
  selectMessage,
  showCustomerCard,
  startWorld,
  withHarness,
  type World,
} from "./e2e-world";
import { HAS_CHROMIUM } from "../../dev/chromium";

// Sign-in in the real browser, through the real built add-in and the real MSAL library: the harness's fake Office
// gives the pane Outlook's nested app authentication bridge, the simulator's Entra answers it with tokens the
// backend's local issuer signs (Microsoft's claim set), and the backend verifies them as it verifies Entra's.
// Each case opens a new browser context (a fresh MSAL cache) and queues the Entra failure it plays.

announceSkip("Outlook sign-in");

interface EntraState {
  pendingFailures: string[];
  issued: { GetToken: number; GetTokenPopup: number };
  graphIssued: number;
  redirectFlow: { codes: number; redeemed: number; refreshed: number };
  refused: { method: string; status: string; code: string }[];
}

const signedOutView = (pane: FrameLocator) => pane.locator("[data-testid=state-signed-out]");
const message = (pane: FrameLocator) => pane.locator("[data-testid=signed-out-message]");

describe.skipIf(!HAS_CHROMIUM)("Outlook sign-in (e2e)", () => {
  let world: World;
  const entra = () => world.sim.control<EntraState>("GET", "/_sim/entra");
  const queue = (...failures: string[]) =>
    world.sim.control<EntraState>("POST", "/_sim/entra", { clear: true, failures });
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${world.backend.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${world.backend.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
    return response.json() as Promise<unknown>;
  };

  beforeAll(async () => {
    world = await startWorld();
  }, 240_000);
  afterAll(async () => world?.stop(), 60_000);

  it("signs in by itself when Outlook's account can be used silently", { timeout: 180_000 }, async () => {
    await queue();
    const before = await entra();
    await withHarness(world, async ({ page, pane }) => {
      await showCustomerCard(page, pane, "wile.coyote@acme.com");
      const after = await entra();
      expect(after.issued.GetToken).toBeGreaterThan(before.issued.GetToken);
      expect(after.issued.GetTokenPopup).toBe(before.issued.GetTokenPopup);
      await pane.locator("[data-testid=open-settings]").click();
      expect(await pane.locator("[data-testid=settings-account]").textContent()).toContain(
        "admin@touchbase.local",
      );
      // Only the server URL is left to set: no token field.
      expect(await pane.locator("[data-testid=settings-token]").count()).toBe(0);
      // The folder tree comes from Graph, with a Mail.Read token MSAL got through the same bridge.
      await expect
        .poll(async () => (await entra()).graphIssued, { timeout: 30_000 })
        .toBeGreaterThan(before.graphIssued);
      await pane.locator("[data-testid=folder-tree]").waitFor({ timeout: 30_000 });
      // One Sign in brought Graph's consent with it: no second sign-in is offered.
      expect(await pane.locator("[data-testid=settings-sign-in]").count()).toBe(0);
      expect(await pane.locator("[data-testid=settings]").textContent()).not.toContain(
        "Sign in to Microsoft",
      );
      await screenshotPane(page, "sign-in-settings");
    });
  });

  it(
    "Graph needs consent: Settings say why and offer Microsoft's sign-in; after it the folders load and it goes",
    { timeout: 180_000 },
    async () => {
      await queue("graph_consent_required");
      const { page, pane, context } = await openHarness(world);
      try {
        await selectMessage(page, { from: "wile.coyote@acme.com" });
        await pane.locator("[data-testid=customer-card]").first().waitFor({ timeout: 60_000 });
        await pane.locator("[data-testid=open-settings]").click();
        const reason = pane.locator("[data-testid=settings-sign-in-reason]");
        await reason.waitFor({ timeout: 30_000 });
        expect(await reason.textContent()).toBe(
          "Microsoft needs your consent before Touchbase can read your mail folders. Sign in to Microsoft once to give it; folder sync works right after.",
        );
        await screenshotPane(page, "sign-in-settings-graph-consent");
        const popups = (await entra()).issued.GetTokenPopup;
        const graphBefore = (await entra()).graphIssued;
        await pane.locator("[data-testid=settings-sign-in]").click();
        await pane
          .locator("[data-testid=settings-sign-in-result]", { hasText: "Signed in to Microsoft" })
          .waitFor({ timeout: 30_000 });
        await pane.locator("[data-testid=folder-tree]").waitFor({ timeout: 30_000 });
        expect(await pane.locator("[data-testid=settings-sign-in]").count()).toBe(0);
        const after = await entra();
        // Graph's popup, not Touchbase's: Touchbase's sign-in was silent all along.
        expect(after.issued.GetTokenPopup).toBe(popups);
        expect(after.graphIssued).toBeGreaterThan(graphBefore);
        expect(after.pendingFailures).toEqual([]);
        await screenshotPane(page, "sign-in-settings-graph-consented");
      } finally {
        await context.close();
      }
    },
  );

  it(
    "consent required → Sign in → Outlook's sign-in → signed in; Sign out → signed out, and it stays so",
    {
      timeout: 180_000,
    },
    async () => {
      await queue("consent_required");
      const before = await entra();
      await withHarness(world, async ({ page, pane }) => {
        await signedOutView(pane).waitFor({ timeout: 60_000 });
        expect(await message(pane).textContent()).toBe(
          "Sign in with your Microsoft work account to see your customers here.",
        );
        expect(await signedOutView(pane).textContent()).not.toContain("profile");
        await screenshotPane(page, "sign-in-signed-out");
        await pane.locator("[data-testid=sign-in]").click();
        await showCustomerCard(page, pane, "wile.coyote@acme.com");
        await screenshotPane(page, "sign-in-signed-in");
        const after = await entra();
        expect(after.issued.GetTokenPopup).toBe(before.issued.GetTokenPopup + 1);
        expect(after.refused.at(-1)).toMatchObject({
          status: "USER_INTERACTION_REQUIRED",
          code: "consent_required",
        });

        await pane.locator("[data-testid=open-settings]").click();
        await pane.locator("[data-testid=settings-sign-out]").click();
        await signedOutView(pane).waitFor({ timeout: 30_000 });
        await screenshotPane(page, "sign-in-signed-out-after-sign-out");
        // A reloaded pane does not resume the Microsoft session by itself after Sign out.
        const tokensBefore = (await entra()).issued.GetToken;
        await page.locator("[data-testid=reload-pane]").click();
        await signedOutView(pane).waitFor({ timeout: 30_000 });
        expect(await pane.locator("[data-testid=customer-card]").count()).toBe(0);
        expect((await entra()).issued.GetToken).toBe(tokensBefore);
      });
    },
  );

  it(
    "without nested app authentication: Sign in opens the Office dialog on Entra's sign-in page and lands signed in",
    { timeout: 240_000 },
    async () => {
      await queue();
      const before = await entra();
      const { page, pane, context } = await openHarness(world, {
        naa: false,
        beforeOpen: (p) => routeEntraSignIn(p.context(), world.sim),
      });
      try {
        // Nothing in MSAL's cache and no broker: the pane waits for a click.
        await signedOutView(pane).waitFor({ timeout: 60_000 });
        expect(await message(pane).textContent()).toBe(
          "Sign in with your Microsoft work account to see your customers here.",
        );
        const opened = context.waitForEvent("page");
        await pane.locator("[data-testid=sign-in]").click();
        // The Office dialog: a window of its own on auth-dialog.html, which MSAL redirects to Entra's page.
        const dialog = await opened;
        const login = dialog.locator("[data-testid=entra-login]");
        await login.waitFor({ timeout: 60_000 });
        expect(new URL(dialog.url()).origin).toBe("https://login.microsoftonline.com");
        await login.fill(MAILBOX);
        await screenshotPage(dialog, "sign-in-dialog-entra");
        const closed = dialog.waitForEvent("close", { timeout: 60_000 });
        await dialog.locator("[data-testid=entra-sign-in]").click();
        // Back on auth-dialog.html, MSAL redeems the code (PKCE) and the page answers the pane with messageParent;
        // the pane closes the dialog.
        await closed;
        await selectMessage(page, { from: "wile.coyote@acme.com" });
        await pane.locator("[data-testid=customer-card]").first().waitFor({ timeout: 60_000 });
        await screenshotPane(page, "sign-in-dialog-signed-in");
        const after = await entra();
        expect(after.redirectFlow.redeemed).toBe(before.redirectFlow.redeemed + 1);
        expect(after.issued.GetTokenPopup).toBe(before.issued.GetTokenPopup + 1);

        await pane.locator("[data-testid=open-settings]").click();
        expect(await pane.locator("[data-testid=settings-account]").textContent()).toContain(MAILBOX);
        // Graph's token comes silently with the dialog's session (a refresh-token grant): no second sign-in.
        await pane.locator("[data-testid=folder-tree]").waitFor({ timeout: 60_000 });
        expect(await pane.locator("[data-testid=settings-sign-in]").count()).toBe(0);
        expect((await entra()).redirectFlow.refreshed).toBeGreaterThan(before.redirectFlow.refreshed);
        expect(context.pages()).toHaveLength(1);
      } finally {
        await context.close();
      }
    },
  );

  it("the user cancels Outlook's sign-in → a sentence and Sign in again", { timeout: 180_000 }, async () => {
    await queue("interaction_required", "user_cancel");
    await withHarness(world, async ({ page, pane }) => {
      await signedOutView(pane).waitFor({ timeout: 60_000 });
      await pane.locator("[data-testid=sign-in]").click();
      await pane
        .locator("[data-testid=signed-out-message]", { hasText: "Sign-in was cancelled." })
        .waitFor({ timeout: 30_000 });
      expect(await message(pane).textContent()).toBe(
        "Sign-in was cancelled. Sign in again when you are ready.",
      );
      await screenshotPane(page, "sign-in-cancelled");
      await pane.locator("[data-testid=sign-in]").click();
      await showCustomerCard(page, pane, "wile.coyote@acme.com");
    });
  });

  it(
    "an expired token is renewed silently: the server refuses it, MSAL fetches a new one",
    {
      timeout: 180_000,
    },
    async () => {
      await queue("expired");
      const before = await entra();
      await withHarness(world, async ({ page, pane }) => {
        await showCustomerCard(page, pane, "wile.coyote@acme.com");
        const after = await entra();
        // The expired one, then the fresh one asked with forceRefresh; never a popup.
        expect(after.issued.GetToken - before.issued.GetToken).toBe(2);
        expect(after.issued.GetTokenPopup).toBe(before.issued.GetTokenPopup);
        expect(after.pendingFailures).toEqual([]);
      });
    },
  );

  it("a deactivated member is refused with the server's sentence", { timeout: 180_000 }, async () => {
    await queue();
    const dana = "dana.member@touchbase.local";
    await admin("POST", "/invitations", { email: dana });
    await world.sim.control("POST", "/_sim/mailboxes", { address: dana, name: "Dana Member" });
    await world.sim.control("POST", "/_sim/messages", {
      mailbox: dana,
      from: "Wile Coyote <wile.coyote@acme.com>",
      to: [dana],
      subject: "Hello Dana",
    });
    await withHarness(
      world,
      async ({ page, pane }) => {
        // The first sign-in accepts the invitation.
        await selectMessage(page, { subject: "Hello Dana" });
        await pane.locator("[data-testid=customer-card]").first().waitFor({ timeout: 60_000 });
        const { users } = (await admin("GET", "/users")) as { users: { id: string; email: string }[] };
        const member = users.find((u) => u.email === dana)!;
        await admin("PATCH", `/users/${member.id}`, { deactivated: true });

        await page.locator("[data-testid=reload-pane]").click();
        const refused = pane.locator("[data-testid=state-refused]");
        await refused.waitFor({ timeout: 60_000 });
        expect(await message(pane).textContent()).toBe(
          "Your Touchbase account has been deactivated. Ask a workspace admin if you need access again.",
        );
        await screenshotPane(page, "sign-in-deactivated");
      },
      { mailbox: dana },
    );
  });
});
