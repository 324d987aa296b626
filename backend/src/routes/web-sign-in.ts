import { Hono, type Context } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import * as oidc from "openid-client";
import { eq } from "drizzle-orm";
import type { Db } from "../db/connect";
import { users } from "../db/schema";
import type { AppDeps, AppEnv } from "../http/app-env";
import { clientError, HttpError } from "../http/http-error";
import { SESSION_COOKIE, type Identity } from "../identity/authenticate";
import { callerForIdentity, deactivatedError } from "../identity/membership";
import { identityFromIdToken } from "../identity/oidc-identity";
import { errorPage, linkConfirmPage, signInPage } from "../identity/web-pages";
import {
  consumeSignInLink,
  createSession,
  saveFlow,
  signInLinkUser,
  takeFlow,
} from "../identity/web-sessions";

// The browser's way in: OpenID Connect authorization code + PKCE against the configured provider (openid-client),
// or a one-time sign-in link. Both end in a server-side session and an HttpOnly, SameSite=Lax cookie.

const FLOW_COOKIE = "tb_oidc_state";

/** Only a path on this site: never `//evil.example` or `/\evil.example`, which browsers treat as another host. */
function safeReturnTo(value: string | undefined): string {
  if (
    !value ||
    !value.startsWith("/") ||
    value.startsWith("//") ||
    value.includes("\\") ||
    value.length > 500
  ) {
    return "/app";
  }
  return value;
}

export function webSignInRoutes({ database: { db } }: AppDeps, identity: Identity): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { config } = identity;
  let discovered: Promise<oidc.Configuration> | null = null;

  const provider = () => {
    const web = config.web;
    if (!web) throw new HttpError(404, "no_provider", "This server has no web sign-in provider configured.");
    discovered ??= oidc
      .discovery(
        new URL(web.issuer),
        web.clientId,
        undefined,
        oidc.ClientSecretPost(web.clientSecret),
        // Plain http only for a provider on this machine (tests, local development); anything else needs https.
        /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(web.issuer)
          ? { execute: [oidc.allowInsecureRequests], timeout: 10 }
          : { timeout: 10 },
      )
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  };
  const base = (c: Context) => config.publicUrl ?? new URL(c.req.url).origin;
  const secure = (c: Context) => base(c).startsWith("https:");

  async function startSession(c: Context, userId: string, via: string) {
    const { token, row } = await createSession(
      db,
      userId,
      via,
      c.req.header("user-agent"),
      identity.timeouts,
    );
    setCookie(c, SESSION_COOKIE, token, {
      path: "/",
      httpOnly: true,
      sameSite: "Lax",
      secure: secure(c),
      expires: row.expiresAt,
    });
  }

  app.get("/auth/sign-in", (c) =>
    c.html(
      signInPage({
        providerName: config.web?.name ?? null,
        returnTo: safeReturnTo(c.req.query("returnTo")),
        signedOut: c.req.query("signedOut") === "1",
      }),
    ),
  );

  app.get("/auth/oidc/start", async (c) => {
    let configuration: oidc.Configuration;
    try {
      configuration = await provider();
    } catch (error) {
      const known = clientError(error);
      if (known) return c.html(errorPage("Sign-in is not set up", known.message), 404);
      return c.html(
        errorPage(
          "Sign-in is unavailable",
          "The sign-in provider could not be reached. Try again in a moment.",
        ),
        503,
      );
    }
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    await saveFlow(db, { state, codeVerifier, nonce, returnTo: safeReturnTo(c.req.query("returnTo")) });
    // The state also goes into a cookie of this browser: a callback URL carried to another browser does not work
    // there, so nobody can sign a victim in to the attacker's account.
    setCookie(c, FLOW_COOKIE, state, {
      path: "/auth/oidc",
      httpOnly: true,
      sameSite: "Lax",
      secure: secure(c),
      maxAge: 600,
    });
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: `${base(c)}/auth/oidc/callback`,
      scope: "openid email profile",
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    return c.redirect(url.href, 302);
  });

  app.get("/auth/oidc/callback", async (c) => {
    const state = c.req.query("state") ?? "";
    const cookieState = getCookie(c, FLOW_COOKIE);
    deleteCookie(c, FLOW_COOKIE, { path: "/auth/oidc" });
    const providerError = c.req.query("error");
    if (providerError) {
      await takeFlow(db, state);
      const said = c.req.query("error_description") ?? providerError;
      return c.html(
        errorPage("Sign-in was not completed", `The sign-in provider said: ${said.slice(0, 300)}`),
        401,
      );
    }
    const flow = cookieState && cookieState === state ? await takeFlow(db, state) : null;
    if (!flow) {
      return c.html(
        errorPage(
          "Sign-in expired",
          "This sign-in attempt is unknown, already used or older than 10 minutes. Start again.",
        ),
        401,
      );
    }
    let identityOf;
    try {
      const configuration = await provider();
      const current = new URL(c.req.url);
      const callbackUrl = new URL(`${base(c)}/auth/oidc/callback${current.search}`);
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error("no ID token");
      identityOf = identityFromIdToken(claims, configuration.serverMetadata().issuer, config);
    } catch (error) {
      console.warn("touchbase: web sign-in failed:", (error as Error).message);
      return c.html(
        errorPage("Sign-in failed", "The sign-in provider's answer could not be verified. Start again."),
        401,
      );
    }
    try {
      const caller = await callerForIdentity(db, identityOf);
      await startSession(c, caller.user.id, identityOf.provider);
    } catch (error) {
      const known = clientError(error);
      if (known) return c.html(errorPage("You cannot sign in yet", known.message), known.status);
      throw error;
    }
    return c.redirect(flow.returnTo, 302);
  });

  app.get("/auth/link/:token", async (c) => {
    const who = await signInLinkUser(db, c.req.param("token"));
    if (!who) {
      return c.html(
        errorPage(
          "This link does not work",
          "This sign-in link has already been used or has expired. Ask for a new one.",
        ),
        401,
      );
    }
    return c.html(linkConfirmPage(who, `/auth/link/${encodeURIComponent(c.req.param("token"))}`));
  });

  app.post("/auth/link/:token", async (c) => {
    try {
      const userId = await consumeSignInLink(db, c.req.param("token"));
      await refuseDeactivated(db, userId);
      await startSession(c, userId, "link");
    } catch (error) {
      const known = clientError(error);
      if (known) return c.html(errorPage("This link does not work", known.message), known.status);
      throw error;
    }
    return c.redirect("/app", 303);
  });

  return app;
}

async function refuseDeactivated(db: Db, userId: string): Promise<void> {
  const [user] = await db
    .select({ deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!user)
    throw new HttpError(401, "link_used_or_expired", "The account behind this link no longer exists.");
  if (user.deactivatedAt) throw deactivatedError();
}
