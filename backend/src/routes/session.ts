import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { SessionSchema, SignOutResultSchema } from "../../../shared/index";
import { authErrors, jsonContent, router, type AppDeps } from "../http/app-env";
import { HttpError } from "../http/http-error";
import { checkCsrf, SESSION_COOKIE, type Identity } from "../identity/authenticate";
import { csrfTokenFor, deleteAllSessions, deleteSession, sessionCaller } from "../identity/web-sessions";

const tags = ["session"];
const cookieAuth = [{ session: [] }];

function sessionToken(c: Context): string {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) throw new HttpError(401, "unauthorized", "This browser is not signed in to Touchbase.");
  return token;
}

function clearCookie(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/** The browser session behind the `tb_session` cookie: who is signed in, sign out, sign out everywhere. */
export function sessionRoutes({ database: { db } }: AppDeps, identity: Identity) {
  return router()
    .openapi(
      createRoute({
        method: "get",
        path: "/session",
        tags,
        security: cookieAuth,
        summary: "Who is signed in to this browser, and the CSRF token its state-changing requests carry",
        responses: { 200: jsonContent(SessionSchema), ...authErrors },
      }),
      async (c) => {
        const token = sessionToken(c);
        const { caller, session } = await sessionCaller(db, token, identity.timeouts);
        c.header("cache-control", "no-store");
        return c.json(
          {
            user: {
              id: caller.user.id,
              email: caller.user.email,
              name: caller.user.name,
              role: caller.user.role,
              workspaceId: caller.user.workspaceId,
            },
            workspace: { id: caller.workspace.id, name: caller.workspace.name },
            csrfToken: csrfTokenFor(token),
            via: session.via,
            createdAt: session.createdAt.toISOString(),
            expiresAt: session.expiresAt.toISOString(),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/session",
        tags,
        security: cookieAuth,
        summary: "Sign this browser out (needs the X-CSRF-Token header)",
        responses: { 204: { description: "Signed out" }, ...authErrors },
      }),
      async (c) => {
        const token = sessionToken(c);
        checkCsrf(c, token);
        await deleteSession(db, token);
        clearCookie(c);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/session/sign-out-everywhere",
        tags,
        security: cookieAuth,
        summary: "End every browser session of the signed-in user (needs the X-CSRF-Token header)",
        responses: { 200: jsonContent(SignOutResultSchema), ...authErrors },
      }),
      async (c) => {
        const token = sessionToken(c);
        checkCsrf(c, token);
        const { caller } = await sessionCaller(db, token, identity.timeouts);
        const signedOut = await deleteAllSessions(db, caller.user.id);
        clearCookie(c);
        return c.json({ signedOut }, 200);
      },
    );
}
