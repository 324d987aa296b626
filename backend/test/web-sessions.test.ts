// Browser sessions without a browser: one-time sign-in links, the session cookie's attributes, CSRF on every
// state-changing request made with the cookie, idle and absolute timeouts, sign-out and sign-out everywhere, and
// deactivation — on each database. (The OpenID Connect flow itself runs in Chromium: web-sign-in.e2e.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { SessionSchema } from "../../shared/index";
import { signInLinks, users, webSessions } from "../src/db/schema";
import { identityConfigFromEnv } from "../src/identity/identity-config";
import { mintSignInLink } from "../src/identity/web-sessions";
import { createTestApp, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

describe.each(databaseKinds)("web sessions on %s", (kind) => {
  let t: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp(kind, {
      identity: identityConfigFromEnv({
        TOUCHBASE_SESSION_IDLE_MINUTES: "30",
        TOUCHBASE_SESSION_MAX_HOURS: "24",
      }),
    });
    ws = await t.workspace();
  });
  afterAll(() => t?.close());

  const db = () => t.db.database.db;
  const adminId = async () => (await t.call(ws.adminToken, "GET", "/me")).body.id as string;

  /** Follows a fresh link for the user: returns the session cookie (`tb_session=…`). */
  async function signInWithLink(userId: string, host = "localhost:3000"): Promise<string> {
    const { token } = await mintSignInLink(db(), userId);
    const page = await t.app.request(`http://${host}/auth/link/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('method="post"');
    const res = await t.app.request(`http://${host}/auth/link/${token}`, { method: "POST" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/app");
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^tb_session=tbs_[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    return setCookie.split(";")[0];
  }
  const withCookie = (cookie: string, path: string, init: RequestInit = {}) =>
    t.app.request(`http://localhost:3000/api/v1${path}`, {
      ...init,
      headers: { cookie, host: "localhost:3000", ...(init.headers as Record<string, string>) },
    });

  it("a one-time link signs in once, and GET /session says who with a CSRF token", async () => {
    const cookie = await signInWithLink(await adminId());
    const res = await withCookie(cookie, "/session");
    expect(res.status).toBe(200);
    const session = SessionSchema.parse(await res.json());
    expect(session.user.email).toBe(ws.adminEmail);
    expect(session.via).toBe("link");
    expect(session.csrfToken.length).toBeGreaterThan(20);
    expect((await withCookie(cookie, "/me")).status).toBe(200);
  });

  it("a used, unknown or expired link is refused with 401 and a sentence; the link is stored hashed", async () => {
    const { token } = await mintSignInLink(db(), await adminId());
    const rows = await db().select().from(signInLinks);
    expect(rows.some((r) => r.tokenHash.includes(token) || token.includes(r.tokenHash))).toBe(false);
    expect((await t.app.request(`/auth/link/${token}`, { method: "POST" })).status).toBe(303);
    const again = await t.app.request(`/auth/link/${token}`, { method: "POST" });
    expect(again.status).toBe(401);
    expect(await again.text()).toContain("already been used or has expired");
    expect((await t.app.request(`/auth/link/tbl_unknown`)).status).toBe(401);
    const old = await mintSignInLink(db(), await adminId(), new Date(Date.now() - 16 * 60_000));
    expect((await t.app.request(`/auth/link/${old.token}`, { method: "POST" })).status).toBe(401);
  });

  it("refuses state-changing requests made with the cookie without the CSRF token, or from another site", async () => {
    const cookie = await signInWithLink(await adminId());
    const { csrfToken } = (await (await withCookie(cookie, "/session")).json()) as { csrfToken: string };
    const settings = {
      outlookFolders: ["Inbox"],
      gmailLabels: ["INBOX"],
      lookbackDays: 30,
      autoSyncOnOpen: false,
    };
    const put = (headers: Record<string, string>) =>
      withCookie(cookie, "/me/settings", {
        method: "PUT",
        body: JSON.stringify(settings),
        headers: { "content-type": "application/json", ...headers },
      });
    const none = await put({});
    expect(none.status).toBe(403);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe("csrf_failed");
    expect((await put({ "x-csrf-token": "forged" })).status).toBe(403);
    expect((await put({ "x-csrf-token": csrfToken, origin: "https://evil.example" })).status).toBe(403);
    expect((await put({ "x-csrf-token": csrfToken, origin: "http://localhost:3000" })).status).toBe(200);
    expect((await withCookie(cookie, "/session", { method: "DELETE" })).status).toBe(403);
  });

  it("signs out (the cookie stops working) and signs out everywhere", async () => {
    const id = await adminId();
    const one = await signInWithLink(id);
    const two = await signInWithLink(id);
    const csrf = async (c: string) =>
      ((await (await withCookie(c, "/session")).json()) as { csrfToken: string }).csrfToken;
    const out = await withCookie(one, "/session", {
      method: "DELETE",
      headers: { "x-csrf-token": await csrf(one) },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/tb_session=;/);
    const after = await withCookie(one, "/me");
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe("session_expired");
    expect((await withCookie(two, "/me")).status).toBe(200);
    const three = await signInWithLink(id);
    const everywhere = await withCookie(two, "/session/sign-out-everywhere", {
      method: "POST",
      headers: { "x-csrf-token": await csrf(two) },
    });
    expect(everywhere.status).toBe(200);
    expect(((await everywhere.json()) as { signedOut: number }).signedOut).toBeGreaterThanOrEqual(2);
    expect((await withCookie(two, "/me")).status).toBe(401);
    expect((await withCookie(three, "/me")).status).toBe(401);
  });

  it("ends a session after the idle timeout and after the absolute timeout", async () => {
    const id = await adminId();
    const idle = await signInWithLink(id);
    await db()
      .update(webSessions)
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(webSessions.userId, id));
    expect((await withCookie(idle, "/me")).status).toBe(401);
    const absolute = await signInWithLink(id);
    await db()
      .update(webSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(webSessions.userId, id));
    expect((await withCookie(absolute, "/session")).status).toBe(401);
  });

  it("refuses a deactivated user's session and sign-in link with 403", async () => {
    const member = await ws.member();
    const cookie = await signInWithLink(member.id);
    await db().update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, member.id));
    const res = await withCookie(cookie, "/me");
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("deactivated");
    const { token } = await mintSignInLink(db(), member.id);
    const link = await t.app.request(`/auth/link/${token}`, { method: "POST" });
    expect(link.status).toBe(403);
  });

  it("sets Secure on the cookie when the site is HTTPS, and /app is the signed-in landing page", async () => {
    const { token } = await mintSignInLink(db(), await adminId());
    const res = await t.app.request(`https://touchbase.example/auth/link/${token}`, { method: "POST" });
    expect(res.headers.get("set-cookie")).toMatch(/Secure/);
    const app = await t.app.request("/app");
    // The web workspace (web/, built into dist/web by npm run build) under a CSP without inline script.
    expect(app.status).toBe(200);
    expect(app.headers.get("content-security-policy")).toMatch(/script-src 'self';/);
    expect(await app.text()).toMatch(/<script defer src=\/app\/web\.[0-9a-f]{8}\.js>/);
    const signIn = await t.app.request("/auth/sign-in");
    expect(await signIn.text()).toContain("no sign-in provider configured");
  });
});
