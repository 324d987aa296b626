import { z } from "zod";

// The settings of sign-in (issue 10), read from the environment with the names the README lists. The issuers'
// base URLs are settings so a local issuer can stand in for Microsoft and Google in tests and in the harness.

export interface WebOidcProvider {
  /** The issuer URL; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What the Sign in button says after "Sign in with". */
  name: string;
}

export interface IdentityConfig {
  /** `https://login.microsoftonline.com` unless a stand-in is configured; tokens are `<host>/<tid>/v2.0`. */
  microsoftAuthorityHost: string;
  /** Accepted `aud` values of Microsoft access tokens (the Entra app's client id, or its App ID URI). */
  microsoftClientIds: string[];
  /** The scope the add-in asks for; an access token without it is for another purpose and refused. */
  microsoftScope: string;
  googleIssuer: string;
  /** Accepted `aud` values of Google ID tokens (the Apps Script project's OAuth client id). */
  googleClientIds: string[];
  /** The web sign-in's OpenID provider, if one is configured. */
  web: WebOidcProvider | null;
  /** Where browsers reach this server, for the OIDC redirect URI; else the request's own origin. */
  publicUrl: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
}

const list = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const url = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^/\s]+/.test(v), "must be an http(s) URL")
  .transform((v) => v.replace(/\/+$/, ""));
const positive = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: "must be a positive number" });
        return z.NEVER;
      }
      return n;
    });

const IdentityEnvSchema = z.object({
  TOUCHBASE_MICROSOFT_AUTHORITY_HOST: url.optional(),
  TOUCHBASE_MICROSOFT_CLIENT_ID: z.string().optional(),
  TOUCHBASE_MICROSOFT_API_SCOPE: z.string().optional(),
  TOUCHBASE_GOOGLE_ISSUER: url.optional(),
  TOUCHBASE_GOOGLE_CLIENT_ID: z.string().optional(),
  TOUCHBASE_OIDC_ISSUER: url.optional(),
  TOUCHBASE_OIDC_CLIENT_ID: z.string().optional(),
  TOUCHBASE_OIDC_CLIENT_SECRET: z.string().optional(),
  TOUCHBASE_OIDC_NAME: z.string().optional(),
  TOUCHBASE_PUBLIC_URL: url.optional(),
  TOUCHBASE_SESSION_IDLE_MINUTES: positive(12 * 60),
  TOUCHBASE_SESSION_MAX_HOURS: positive(14 * 24),
});

export const DEFAULT_MICROSOFT_AUTHORITY_HOST = "https://login.microsoftonline.com";
export const DEFAULT_GOOGLE_ISSUER = "https://accounts.google.com";

/** Parses the identity settings; throws `Error` with a sentence naming the variable that is wrong. */
export function identityConfigFromEnv(env: NodeJS.ProcessEnv): IdentityConfig {
  const parsed = IdentityEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The environment variable ${String(issue.path[0])} ${issue.message}.`);
  }
  const e = parsed.data;
  const oidcParts = [
    e.TOUCHBASE_OIDC_ISSUER,
    e.TOUCHBASE_OIDC_CLIENT_ID?.trim(),
    e.TOUCHBASE_OIDC_CLIENT_SECRET?.trim(),
  ];
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    throw new Error(
      "Web sign-in needs all three of TOUCHBASE_OIDC_ISSUER, TOUCHBASE_OIDC_CLIENT_ID and TOUCHBASE_OIDC_CLIENT_SECRET.",
    );
  }
  const web = oidcParts.every(Boolean)
    ? {
        issuer: e.TOUCHBASE_OIDC_ISSUER as string,
        clientId: (e.TOUCHBASE_OIDC_CLIENT_ID as string).trim(),
        clientSecret: (e.TOUCHBASE_OIDC_CLIENT_SECRET as string).trim(),
        name: e.TOUCHBASE_OIDC_NAME?.trim() || providerName(e.TOUCHBASE_OIDC_ISSUER as string),
      }
    : null;
  return {
    microsoftAuthorityHost: e.TOUCHBASE_MICROSOFT_AUTHORITY_HOST ?? DEFAULT_MICROSOFT_AUTHORITY_HOST,
    microsoftClientIds: list(e.TOUCHBASE_MICROSOFT_CLIENT_ID),
    microsoftScope: e.TOUCHBASE_MICROSOFT_API_SCOPE?.trim() || "access_as_user",
    googleIssuer: e.TOUCHBASE_GOOGLE_ISSUER ?? DEFAULT_GOOGLE_ISSUER,
    googleClientIds: list(e.TOUCHBASE_GOOGLE_CLIENT_ID),
    web,
    publicUrl: e.TOUCHBASE_PUBLIC_URL,
    sessionIdleMinutes: e.TOUCHBASE_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.TOUCHBASE_SESSION_MAX_HOURS,
  };
}

function providerName(issuer: string): string {
  if (issuer.startsWith(DEFAULT_MICROSOFT_AUTHORITY_HOST)) return "Microsoft";
  if (issuer === DEFAULT_GOOGLE_ISSUER) return "Google";
  return new URL(issuer).hostname;
}
