// The web sign-in end to end in Chromium: the backend on real HTTP, an in-process `oidc-provider` as the OpenID
// Provider. Click "Sign in", log in and consent at the provider, land signed in at /app; a state-changing request
// without the CSRF token is refused; sign out. Screenshots go to test-results/web-sign-in/.
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { serve } from "@hono/node-server";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HAS_CHROMIUM, launchChromium } from "../../dev/chromium";
import { buildApp } from "../src/app";
import { identityConfigFromEnv } from "../src/identity/identity-config";
import { STATIC_DIR } from "../src/start-server";
import { createTestApp, type TestApp, type TestWorkspace } from "./test-app";
import { startTestOidcProvider, type TestOidcProvider } from "./test-oidc-provider";

const SHOTS = resolve(import.meta.dirname, "../../test-results/web-sign-in");
describe.skipIf(!HAS_CHROMIUM)("web sign-in in Chromium against oidc-provider", () => {
  let t: TestApp;
  let ws: TestWorkspace;
  let op: TestOidcProvider;
  let browser: Browser;
  let backend: string;
  let stopBackend: () => Promise<void>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp("pglite");
    ws = await t.workspace({ adminEmail: "ada@northwind-web.test" });
    // Two servers that need each other's URL: the backend listens first, its app is built once the provider runs.
    let handle: ((req: Request) => Response | Promise<Response>) | null = null;
    const server = serve({
      fetch: (req) => (handle as NonNullable<typeof handle>)(req),
      port: 0,
      hostname: "127.0.0.1",
    });
    await new Promise<void>((r) => server.once("listening", () => r()));
    backend = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stopBackend = () => new Promise<void>((r) => server.close(() => r()));
    op = await startTestOidcProvider(() => `${backend}/auth/oidc/callback`);
    const app = buildApp({
      database: t.db.database,
      rateLimitPerMinute: 0,
      bodyLimitBytes: 1e6,
      staticDir: STATIC_DIR,
      identity: identityConfigFromEnv({
        TOUCHBASE_OIDC_ISSUER: op.issuer,
        TOUCHBASE_OIDC_CLIENT_ID: op.clientId,
        TOUCHBASE_OIDC_CLIENT_SECRET: op.clientSecret,
        TOUCHBASE_OIDC_NAME: "Test OIDC",
      }),
    });
    handle = app.fetch;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await op?.close();
    await stopBackend?.();
    await t?.close();
  });

  async function signIn(page: Page, login: string) {
    await page.goto(`${backend}/app`);
    await page.waitForURL(/\/auth\/sign-in/);
    await page.screenshot({ path: resolve(SHOTS, "1-sign-in.png") });
    await page.getByRole("link", { name: "Sign in with Test OIDC" }).click();
    await page.waitForURL(new RegExp(`^${op.issuer}/interaction/`));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill("any password");
    await page.screenshot({ path: resolve(SHOTS, "2-provider-login.png") });
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click(); // consent
  }

  it("signs in, refuses a request without the CSRF token, and signs out", async () => {
    const page = await browser.newPage();
    await signIn(page, ws.adminEmail);
    await page.waitForURL(`${backend}/app`);
    // The name once; the address on hover.
    await expect.poll(() => page.getByTestId("who").textContent()).toBe("ada");
    expect(await page.getByTestId("who").getAttribute("title")).toBe(`Signed in as ${ws.adminEmail}`);
    await page.screenshot({ path: resolve(SHOTS, "3-signed-in.png") });

    const cookies = await page.context().cookies(backend);
    const session = cookies.find((c) => c.name === "tb_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });

    const settings = {
      outlookFolders: ["Inbox"],
      gmailLabels: ["INBOX"],
      lookbackDays: 30,
      autoSyncOnOpen: true,
    };
    const statuses = await page.evaluate(async (body) => {
      const put = (headers: Record<string, string>) =>
        fetch("/api/v1/me/settings", {
          method: "PUT",
          body,
          headers: { "content-type": "application/json", ...headers },
        });
      const withoutToken = await put({});
      const csrf = ((await (await fetch("/api/v1/session")).json()) as { csrfToken: string }).csrfToken;
      const withToken = await put({ "x-csrf-token": csrf });
      return [
        withoutToken.status,
        ((await withoutToken.json()) as { error: { code: string } }).error.code,
        withToken.status,
      ];
    }, JSON.stringify(settings));
    expect(statuses).toEqual([403, "csrf_failed", 200]);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(/\/auth\/sign-in\?signedOut=1/);
    await page.getByText("You are signed out.").waitFor();
    await page.screenshot({ path: resolve(SHOTS, "4-signed-out.png") });
    const me = await page.evaluate(async () => (await fetch("/api/v1/me")).status);
    expect(me).toBe(401);
    await page.close();
  });

  it("an account that is not a member sees why, in a sentence (403)", async () => {
    const page = await browser.newPage();
    const responses: number[] = [];
    page.on("response", (r) => {
      if (r.url().includes("/auth/oidc/callback")) responses.push(r.status());
    });
    await signIn(page, "stranger@elsewhere.test");
    await page.getByRole("heading", { name: "You cannot sign in yet" }).waitFor();
    expect(await page.getByRole("alert").textContent()).toContain("stranger@elsewhere.test is not a member");
    expect(responses).toEqual([403]);
    await page.screenshot({ path: resolve(SHOTS, "5-not-a-member.png") });
    await page.close();
  });
});
