import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import type { AppDeps, AppEnv } from "./http/app-env";
import { router } from "./http/app-env";
import { AnswerCache, cachedAnswers } from "./http/answer-cache";
import { requireToken } from "./http/auth";
import { errorBody, handleError } from "./http/http-error";
import { publicRouteLimit, refusedCredentialsLimit, rateLimit } from "./http/rate-limit";
import { allowedOrigin, securityHeaders } from "./http/security-headers";
import { accessRoutes } from "./routes/access";
import { customerIndexRoutes } from "./routes/customer-index";
import { customerRoutes } from "./routes/customers";
import { emailRoutes } from "./routes/emails";
import { exclusionRoutes } from "./routes/exclusions";
import { healthRoutes } from "./routes/health";
import { inboundRoutes } from "./routes/inbound";
import { lookupRoutes } from "./routes/lookup";
import { meRoutes } from "./routes/me";
import { staticRoutes } from "./routes/static-hosting";
import { workspaceRoutes } from "./routes/workspace";
import { createIdentity } from "./identity/authenticate";
import { identityConfigFromEnv } from "./identity/identity-config";
import { invitationRoutes } from "./routes/invitations";
import { sessionRoutes } from "./routes/session";
import { webSignInRoutes } from "./routes/web-sign-in";
import { webAppRoutes } from "./routes/web-app";
import { boardRoutes } from "./routes/board";
import { profileRoutes } from "./routes/profile";
import { workspaceWebRoutes } from "./routes/workspace-web";

export const API_VERSION = "1.0.0";

/** The whole HTTP surface: `/api/v1/*` (JSON API + OpenAPI), `/health`, the add-in files and the harness config. */
export function buildApp(deps: AppDeps): Hono<AppEnv> {
  const security = {
    corsOrigins: deps.corsOrigins ?? [],
    frameAncestors: deps.frameAncestors ?? [],
    harness: deps.harness !== undefined,
    trustProxy: deps.trustProxy ?? false,
    publicUrl: deps.publicUrl,
  };
  // The per-address limits (token-less routes, sign-in, refused credentials) share one setting.
  const perAddress = deps.publicRateLimit?.perAddress ?? 0;
  const identity = createIdentity(deps.database.db, deps.identity ?? identityConfigFromEnv({}));
  const api = router();
  api.use(
    "*",
    cors({
      origin: allowedOrigin(security),
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      allowHeaders: ["Authorization", "Content-Type", "If-None-Match", "X-CSRF-Token"],
      exposeHeaders: ["ETag", "Retry-After"],
      maxAge: 600,
    }),
  );
  api.use(
    "*",
    bodyLimit({
      maxSize: deps.bodyLimitBytes,
      onError: (c) =>
        c.json(errorBody("payload_too_large", "The request body is larger than this server accepts."), 413),
    }),
  );
  api.route("/", healthRoutes(deps));
  // Token-less routes get their own, tighter limits, checked before the body is read.
  api.use(
    "/inbound/*",
    publicRouteLimit(
      {
        perKey: deps.publicRateLimit?.perKey ?? 0,
        perAddress,
        trustProxy: security.trustProxy,
      },
      (c) => c.req.path.split("/").pop(),
    ),
  );
  api.route("/", inboundRoutes(deps));
  api.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Touchbase API",
      version: API_VERSION,
      description:
        "Customer-email sync: the add-ins push customer emails and read customer profiles and history. " +
        "Every error is `{ error: { code, message, details? } }`.",
    },
    servers: [{ url: "/api/v1" }],
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  api.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "tb_session",
  });
  // Refused credentials count per client address (token and session guessing), one count for the session routes
  // and the token-authenticated ones, with the token-less routes' address limit.
  const guessLimit = refusedCredentialsLimit({ perAddress, trustProxy: security.trustProxy });
  api.use("/session/*", guessLimit); // matches /session itself too
  api.route("/", sessionRoutes(deps, identity));

  const authed = router();
  authed.use("*", guessLimit);
  authed.use("*", requireToken(deps.database.db, identity.authenticate));
  authed.use("*", rateLimit(deps.rateLimitPerMinute));
  // The sidebar's hot reads, from memory while the workspace is unchanged (src/http/answer-cache.ts).
  const answers = cachedAnswers(deps.database.db, deps.answerCache ?? new AnswerCache());
  authed.use("/lookup", answers);
  authed.use("/customers/:id/emails", answers);
  authed.route("/", meRoutes(deps));
  authed.route("/", workspaceRoutes(deps));
  authed.route("/", customerIndexRoutes(deps));
  authed.route("/", lookupRoutes(deps));
  authed.route("/", customerRoutes(deps));
  authed.route("/", emailRoutes(deps));
  authed.route("/", exclusionRoutes(deps));
  authed.route("/", accessRoutes(deps));
  authed.route("/", invitationRoutes(deps));
  authed.route("/", boardRoutes(deps));
  authed.route("/", profileRoutes(deps));
  authed.route("/", workspaceWebRoutes(deps));
  api.route("/", authed);

  const app = new Hono<AppEnv>();
  app.use("*", securityHeaders(security));
  app.onError(handleError);
  app.notFound((c) => c.json(errorBody("not_found", `There is no ${c.req.method} ${c.req.path} here.`), 404));
  app.route("/api/v1", api);
  app.route("/", healthRoutes(deps));
  // The sign-in pages, the OIDC flow and the one-time links: anyone may call them, so they get the token-less
  // routes' limit per client address (a sign-in link's token guessed, the provider's callback flooded).
  app.use("/auth/*", publicRouteLimit({ perKey: 0, perAddress, trustProxy: security.trustProxy }));
  app.route("/", webSignInRoutes(deps, identity));
  app.route("/", webAppRoutes(deps));
  app.route("/", staticRoutes(deps));
  return app;
}
