import type { Context, MiddlewareHandler } from "hono";

// The headers every response carries, and the Content-Security-Policy of each kind of page this server hosts.
// Add-in pages may be framed only by Office's web hosts; the harness and any other page only by this server.

/**
 * The origins that frame an add-in's pages in Outlook on the web and the new Outlook: Microsoft's documented
 * frame-ancestors list for Microsoft 365 app hosts (learn.microsoft.com, "Teams tab requirements": *.cloud.microsoft,
 * *.office.com, *.microsoft365.com, outlook.office.com, outlook.office365.com, outlook-sdf.*), plus Outlook.com
 * (outlook.live.com) for consumer mailboxes. Desktop Outlook shows the pane as a top-level web view: no ancestor.
 */
export const OFFICE_FRAME_ANCESTORS = [
  "https://outlook.office.com",
  "https://outlook.office365.com",
  "https://outlook-sdf.office.com",
  "https://outlook-sdf.office365.com",
  "https://outlook.live.com",
  "https://*.office.com",
  "https://*.office365.com",
  "https://*.microsoft365.com",
  "https://*.cloud.microsoft",
] as const;

const OFFICE_JS = "https://appsforoffice.microsoft.com";
const MICROSOFT_SIGN_IN = "https://login.microsoftonline.com";
const GRAPH = "https://graph.microsoft.com";
// Chromium refuses IPv6 literals in CSP source lists, so [::1] cannot be named here (the harness uses the names).
const LOOPBACK_ANY_PORT = ["http://localhost:*", "http://127.0.0.1:*"];

export interface SecurityHeaderOptions {
  /** Origins besides this server's own that may call the API from a browser (TOUCHBASE_CORS_ORIGINS). */
  corsOrigins: readonly string[];
  /** Extra origins that may frame the add-in pages (an on-premises Outlook on the web). */
  frameAncestors: readonly string[];
  /** The local harness is on: its pages talk to the Graph simulator and the API on other loopback ports. */
  harness: boolean;
  /** Whether `X-Forwarded-Proto` from a proxy in front is believed. */
  trustProxy: boolean;
  /** The public URL the server is reached at, when configured (its scheme decides HSTS behind a proxy too). */
  publicUrl?: string;
}

function isHttps(c: Context, options: SecurityHeaderOptions): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  if (options.trustProxy && c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https") return true;
  return options.publicUrl?.startsWith("https://") ?? false;
}

/** This server's own origin as the browser sees it (the Host the request came to; https behind a TLS proxy). */
export function ownOrigin(c: Context, options: SecurityHeaderOptions): string | null {
  const host = new URL(c.req.url).host.toLowerCase();
  return host ? `${isHttps(c, options) ? "https" : "http"}://${host}` : null;
}

function loopbackSiblings(c: Context): string[] {
  const host = c.req.header("host") ?? "";
  const m = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i.exec(host);
  if (!m) return [];
  return ["localhost", "127.0.0.1"].map((name) => `http://${name}${m[2] ?? ""}`);
}

type PageKind = "addin" | "harness" | "other";

function pageKind(path: string): PageKind {
  if (/^\/outlook\/harness[^/]*\.html$/.test(path)) return "harness";
  if (path.startsWith("/outlook/")) return "addin";
  return "other";
}

function policy(directives: Record<string, readonly string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => (values.length ? `${name} ${values.join(" ")}` : name))
    .join("; ");
}

/** The Content-Security-Policy of an HTML page, by what the page is. */
export function pageCsp(c: Context, options: SecurityHeaderOptions): string {
  const kind = pageKind(c.req.path);
  const harness = kind === "harness" || (kind === "addin" && options.harness);
  const ancestors =
    kind === "addin"
      ? [
          "'self'",
          ...OFFICE_FRAME_ANCESTORS,
          ...options.frameAncestors,
          ...(harness ? loopbackSiblings(c) : []),
        ]
      : kind === "harness"
        ? ["'self'", ...loopbackSiblings(c)]
        : ["'self'"];
  return policy({
    "default-src": ["'self'"],
    // Office.js is loaded from Microsoft's CDN and loads its own parts from there; the bundles are this server's.
    "script-src": ["'self'", OFFICE_JS],
    // Fluent UI (Griffel) writes its styles into <style> elements at run time.
    "style-src": ["'self'", "'unsafe-inline'"],
    // The email viewer's frame (srcdoc) inherits this policy, and its own meta policy lets a customer email's
    // remote images and fonts load once the user asks (outlook-addin's sanitize-email.ts): allow what it allows.
    "img-src": ["'self'", "data:", "blob:", "https:", "http:"],
    "font-src": ["'self'", "data:", "https:"],
    "connect-src": [
      "'self'",
      GRAPH,
      MICROSOFT_SIGN_IN,
      OFFICE_JS,
      ...options.corsOrigins,
      ...(harness ? LOOPBACK_ANY_PORT : []),
    ],
    // MSAL renews tokens in a hidden frame on Microsoft's sign-in page; the harness frames its own pages.
    "frame-src": ["'self'", MICROSOFT_SIGN_IN, ...(harness ? loopbackSiblings(c) : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ancestors,
  });
}

/** A JSON or file response is never a page: it may load nothing and be framed by nobody. */
const NON_HTML_CSP = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(options: SecurityHeaderOptions): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const type = c.res.headers.get("content-type") ?? "";
    c.res.headers.set("X-Content-Type-Options", "nosniff");
    c.res.headers.set("Referrer-Policy", "no-referrer");
    // A page that wrote its own policy (the signed-in landing page: one inline script under a per-response nonce)
    // keeps it; every other response gets the policy of its kind.
    if (!c.res.headers.has("Content-Security-Policy")) {
      c.res.headers.set(
        "Content-Security-Policy",
        /^text\/html/i.test(type) ? pageCsp(c, options) : NON_HTML_CSP,
      );
    }
    if (isHttps(c, options)) {
      c.res.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
  };
}

/**
 * Which browser origins the API answers (Hono's cors `origin` function): this server's own, the configured list,
 * and — with the local harness on — any loopback origin (the harness opens the pane from the other loopback name
 * and tests put recording proxies in front). Any other origin gets no Access-Control-Allow-Origin, so the browser
 * keeps the answer from the page. Clients without an Origin (Gmail's UrlFetchApp, the CLI, servers) are unaffected.
 */
export function allowedOrigin(options: SecurityHeaderOptions) {
  const listed = new Set(options.corsOrigins.map((o) => o.toLowerCase()));
  return (origin: string, c: Context): string | null => {
    if (!origin) return null;
    const o = origin.toLowerCase();
    if (listed.has(o) || o === ownOrigin(c, options)) return origin;
    if (options.publicUrl && o === new URL(options.publicUrl).origin) return origin;
    if (options.harness && /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/.test(o)) return origin;
    return null;
  };
}
