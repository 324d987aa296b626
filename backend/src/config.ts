import { z } from "zod";
import { DEMO_WORKSPACE } from "../../dev/demo-workspace";
import { MAX_UPLOAD_BYTES } from "../../shared/index";
import { DEFAULT_DATA_DIR } from "./db/connect";
import { identityConfigFromEnv, type IdentityConfig } from "./identity/identity-config";

// Every environment variable the server and the CLI read, parsed once with a clear sentence when one is wrong.

const flag = (fallback: boolean) =>
  z
    .enum(["0", "1", "true", "false", "yes", "no", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v === "1" || v === "true" || v === "yes"));
const port = (fallback: number | null) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) {
        ctx.addIssue({ code: "custom", message: "must be a port number between 0 and 65535" });
        return z.NEVER;
      }
      return n;
    });
const positive = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) {
        ctx.addIssue({ code: "custom", message: "must be a non-negative number" });
        return z.NEVER;
      }
      return n;
    });

const EnvSchema = z.object({
  PORT: port(3000),
  HOST: z.string().optional(),
  TOUCHBASE_DATA: z.string().optional(),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^postgres(ql)?:\/\//.test(v), "must start with postgres:// or postgresql://"),
  TOUCHBASE_DEMO: flag(true),
  // An admin credential: as long as a generated one (tb_ and 32 characters), so it cannot be guessed.
  TOUCHBASE_BOOTSTRAP_TOKEN: z
    .string()
    .optional()
    .refine(
      (v) => !v?.trim() || v.trim().length >= 32,
      "must be at least 32 characters: it becomes an admin API token (for example: openssl rand -base64 32)",
    ),
  TOUCHBASE_ADMIN_EMAIL: z.string().optional(),
  TOUCHBASE_SMTP_PORT: port(null),
  TOUCHBASE_GRAPH_SIMULATOR: flag(true),
  TOUCHBASE_HARNESS: z.enum(["0", "1", "true", "false", ""]).optional(),
  /** Requests per minute per API token; 0 turns the limit off. Generous so test suites are never throttled. */
  TOUCHBASE_RATE_LIMIT: positive(60_000),
  /** Largest accepted request body in bytes (a batch of 100 emails with HTML is a few MB). */
  // The add-ins size their upload batches to the core's MAX_UPLOAD_BYTES: a smaller limit would refuse them.
  TOUCHBASE_BODY_LIMIT: positive(32 * 1024 * 1024).refine(
    (n) => n >= MAX_UPLOAD_BYTES,
    `must be at least ${MAX_UPLOAD_BYTES} bytes (the add-ins' upload batch size)`,
  ),
  TOUCHBASE_PUBLIC_URL: z.string().optional(),
  /** Browser origins besides the server's own that may call the API, comma-separated. */
  TOUCHBASE_CORS_ORIGINS: z.string().optional(),
  /** Origins besides Office's web hosts that may frame the add-in pages (an on-premises Outlook on the web). */
  TOUCHBASE_FRAME_ANCESTORS: z.string().optional(),
  TOUCHBASE_TRUST_PROXY: flag(false),
  /** Messages per minute per inbound key (BCC address); 0 turns it off. */
  TOUCHBASE_INBOUND_RATE_LIMIT: positive(120),
  /** Requests per minute per client address on the routes without a token; 0 turns it off. */
  TOUCHBASE_PUBLIC_RATE_LIMIT: positive(300),
  /** Longest one message may take to read, in milliseconds, before its worker is stopped. */
  TOUCHBASE_MIME_TIMEOUT_MS: positive(10_000),
});

const origins = (raw: string | undefined): string[] =>
  (raw ?? "")
    .split(",")
    .map((o) => o.trim().replace(/\/$/, ""))
    .filter(Boolean);

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  bootstrapToken: string | undefined;
  adminEmail: string;
  smtpPort: number | null;
  graphSimulator: boolean;
  harness: boolean;
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  publicUrl: string | undefined;
  corsOrigins: string[];
  frameAncestors: string[];
  trustProxy: boolean;
  inboundRateLimitPerMinute: number;
  publicRateLimitPerMinute: number;
  mimeTimeoutMs: number;
  /** Sign-in: issuers, audiences, the web OIDC provider, session timeouts (backend/src/identity). */
  identity: IdentityConfig;
}

export class ConfigError extends Error {}

export function configFromEnv(env: NodeJS.ProcessEnv): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`The environment variable ${String(issue.path[0])} ${issue.message}.`);
  }
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL?.trim() || undefined;
  const harness = e.TOUCHBASE_HARNESS
    ? e.TOUCHBASE_HARNESS === "1" || e.TOUCHBASE_HARNESS === "true"
    : !databaseUrl;
  return {
    port: e.PORT ?? 3000,
    host: e.HOST?.trim() || "0.0.0.0",
    dataDir: e.TOUCHBASE_DATA?.trim() || DEFAULT_DATA_DIR,
    databaseUrl,
    demo: e.TOUCHBASE_DEMO,
    bootstrapToken: e.TOUCHBASE_BOOTSTRAP_TOKEN?.trim() || undefined,
    adminEmail: e.TOUCHBASE_ADMIN_EMAIL?.trim() || DEMO_WORKSPACE.adminEmail,
    smtpPort: e.TOUCHBASE_SMTP_PORT,
    graphSimulator: e.TOUCHBASE_GRAPH_SIMULATOR,
    harness,
    rateLimitPerMinute: e.TOUCHBASE_RATE_LIMIT,
    bodyLimitBytes: e.TOUCHBASE_BODY_LIMIT,
    publicUrl: e.TOUCHBASE_PUBLIC_URL?.trim() || undefined,
    corsOrigins: origins(e.TOUCHBASE_CORS_ORIGINS),
    frameAncestors: origins(e.TOUCHBASE_FRAME_ANCESTORS),
    trustProxy: e.TOUCHBASE_TRUST_PROXY,
    inboundRateLimitPerMinute: e.TOUCHBASE_INBOUND_RATE_LIMIT,
    publicRateLimitPerMinute: e.TOUCHBASE_PUBLIC_RATE_LIMIT,
    mimeTimeoutMs: Math.max(100, e.TOUCHBASE_MIME_TIMEOUT_MS),
    identity: identityFromEnv(env),
  };
}

function identityFromEnv(env: NodeJS.ProcessEnv): IdentityConfig {
  try {
    return identityConfigFromEnv(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}
