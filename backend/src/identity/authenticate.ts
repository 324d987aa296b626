import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { CSRF_HEADER } from "../../../shared/index";
import type { Db } from "../db/connect";
import type { Caller } from "../data/workspaces";
import type { AppEnv } from "../http/app-env";
import { type DataError, forbiddenTo, unauthenticated, unavailable } from "../data/errors";
import type { IdentityConfig } from "./identity-config";
import { IdentityProviderUnavailable } from "./key-sets";
import { callerForIdentity } from "./membership";
import { TokenRejected, TokenVerifier } from "./token-verifier";
import { csrfTokenFor, sessionCaller, type SessionTimeouts } from "./web-sessions";

// The credentials identity adds beside API tokens: a Microsoft or Google JWT as the bearer (the add-ins) and the
// web session cookie (the browser pages). `requireToken` asks this first; it answers null for anything else, and
// the API-token path goes on as before.

export const SESSION_COOKIE = "tb_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Three base64url parts, the first a JSON header (`eyJ`); the signature may be empty (`alg: none`). */
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

export type CredentialAuthenticator = (c: Context<AppEnv>) => Promise<Caller | null>;

export interface Identity {
  config: IdentityConfig;
  verifier: TokenVerifier;
  timeouts: SessionTimeouts;
  authenticate: CredentialAuthenticator;
}

export function createIdentity(db: Db, config: IdentityConfig): Identity {
  const verifier = new TokenVerifier(config);
  const timeouts = { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };
  const authenticate: CredentialAuthenticator = async (c) => {
    const header = c.req.header("authorization");
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m || !JWT_SHAPE.test(m[1])) return null;
      return callerForIdentity(db, await verifyOrRefuse(verifier, m[1]));
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (!token) return null;
    if (!SAFE_METHODS.has(c.req.method)) checkCsrf(c, token);
    return (await sessionCaller(db, token, timeouts)).caller;
  };
  return { config, verifier, timeouts, authenticate };
}

async function verifyOrRefuse(verifier: TokenVerifier, token: string) {
  try {
    return await verifier.verify(token);
  } catch (error) {
    if (error instanceof TokenRejected) throw unauthenticated(error.code, error.message);
    if (error instanceof IdentityProviderUnavailable) {
      throw unavailable("identity_provider_unavailable", `${error.message} Try again in a moment.`);
    }
    throw error;
  }
}

/** A state-changing request made with the cookie must carry the session's CSRF token and come from this site. */
export function checkCsrf(c: Context, sessionToken: string): void {
  const origin = c.req.header("origin");
  if (origin && origin !== "null") {
    let sameHost: boolean;
    try {
      sameHost = new URL(origin).host === c.req.header("host");
    } catch {
      sameHost = false;
    }
    if (!sameHost) throw csrfRefused();
  }
  const sent = Buffer.from(c.req.header(CSRF_HEADER) ?? "");
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) throw csrfRefused();
}

function csrfRefused(): DataError {
  return forbiddenTo(
    "csrf_failed",
    "This request did not carry the page's security token (CSRF), so it was refused. Reload the page and try again.",
  );
}
