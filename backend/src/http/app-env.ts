import type { AnswerCache } from "./answer-cache";
import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { ErrorBodySchema, type HarnessServedConfig } from "../../../shared/index";
import type { Database } from "../db/connect";
import type { Caller } from "../data/workspaces";
import type { InboundDeps } from "../inbound/inbound-mail";
import type { IdentityConfig } from "../identity/identity-config";
import { errorBody, validationError } from "./http-error";

export type AppEnv = {
  Variables: {
    caller: Caller;
    /** The API token the request came with (set by requireToken; absent for other credentials). */
    tokenId?: string;
  };
};

/** What route factories get: the database and the few settings routes read. */
export interface AppDeps {
  database: Database;
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  /** Folder the built Outlook add-in is served from (`GET /outlook/*`). */
  staticDir: string;
  /** Folder the built web workspace is served from (`GET /app/*`); beside staticDir when not given. */
  webDir?: string;
  /** Set when the local harness is enabled: what `GET /harness/config.json` answers. */
  harness?: () => HarnessConfig | null;
  /** Browser origins besides the server's own that may call the API (TOUCHBASE_CORS_ORIGINS). */
  corsOrigins?: readonly string[];
  /** Origins besides Office's that may frame the add-in pages (TOUCHBASE_FRAME_ANCESTORS). */
  frameAncestors?: readonly string[];
  /** Believe X-Forwarded-For / X-Forwarded-Proto from a proxy in front (TOUCHBASE_TRUST_PROXY). */
  trustProxy?: boolean;
  publicUrl?: string;
  /** Requests per minute on the token-less routes: per inbound key and per client address (0 = off). */
  publicRateLimit?: { perKey: number; perAddress: number };
  /** How BCC inbound reads and verifies raw mail (MIME worker pool, DNS for DKIM); defaults are built if absent. */
  inbound?: InboundDeps;
  /** Sign-in settings (backend/src/identity); read from the environment when not given. */
  identity?: IdentityConfig;
  /** The answers of the sidebar's hot reads (answer-cache.ts); a fresh one per app when not given. */
  answerCache?: AnswerCache;
}

/** What `GET /harness/config.json` answers (the core's schema, shared with the harness page). */
export type HarnessConfig = HarnessServedConfig;

/** A router whose validation failures come back as the API's JSON error shape. */
export function router(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const err = validationError(result.error, result.target === "json" ? "request body" : result.target);
        return c.json(errorBody(err.code, err.message, err.details), 400);
      }
    },
  });
}

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorBodySchema } },
});

/** The error responses every authenticated route can give, for the OpenAPI document. */
export const authErrors = {
  400: errorResponse("Invalid input"),
  401: errorResponse("Missing or rejected API token"),
  404: errorResponse("No such item in this workspace"),
  429: errorResponse("Too many requests for this user"),
} as const;

export const jsonContent = <T extends z.ZodType>(schema: T, description = "OK") => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const idParam = z.object({ id: z.string().min(1).max(64) });
export const bearer = [{ bearer: [] }];
