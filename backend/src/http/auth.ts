import type { MiddlewareHandler } from "hono";
import { findTokenCaller } from "../data/workspaces";
import type { Db } from "../db/connect";
import type { CredentialAuthenticator } from "../identity/authenticate";
import type { AppEnv } from "./app-env";
import { HttpError } from "./http-error";
import { noteTokenUse, tokenRefusal } from "./token-gate";

/** `Authorization: Bearer <token>` → the caller, or 401. Only the token's hash is ever compared. */
export function requireToken(db: Db, identity?: CredentialAuthenticator): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Identity's credentials first (a Microsoft/Google JWT, the web session cookie: backend/src/identity); it
    // answers null for an API token, which goes on below.
    const signedIn = identity ? await identity(c) : null;
    if (signedIn) {
      c.set("caller", signedIn);
      return next();
    }
    const header = c.req.header("authorization") ?? "";
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) {
      throw new HttpError(
        401,
        "unauthorized",
        "This request needs an API token: send the header Authorization: Bearer <token>.",
      );
    }
    const found = m[1].length <= 200 ? await findTokenCaller(db, m[1]) : null;
    if (!found) {
      throw new HttpError(
        401,
        "invalid_token",
        "This access token was not accepted: it was revoked or never existed. Make a new one with " +
          "`touchbase tokens create` (or POST /api/v1/tokens while signed in).",
      );
    }
    const refusal = tokenRefusal(found);
    if (refusal) throw refusal;
    c.set("caller", found.caller);
    c.set("tokenId", found.token.id);
    // Not awaited: at most one small write per token a minute, off the request's path.
    void noteTokenUse(db, found.token);
    await next();
  };
}

export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get("caller").user.role !== "admin") {
      throw new HttpError(403, "forbidden", "Only a workspace admin can do this.");
    }
    await next();
  };
}
