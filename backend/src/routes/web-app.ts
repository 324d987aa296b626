import { readFile, stat } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../http/app-env";

// The web workspace (web/, built into dist/web) at /app. Every path under /app that is not a built file is a page
// of the single-page app and gets index.html; the app asks GET /api/v1/session and sends a signed-out visitor to
// the sign-in page itself. Scripts only from this origin (no inline script, no eval); emails are shown in
// sandboxed srcdoc frames that carry their own, stricter policy.

export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Fluent UI (Griffel) inserts its generated rules into <style> elements at run time.
  "style-src 'self' 'unsafe-inline'",
  // A customer email's remote images, once the user asks for them ("Show images"): the email's srcdoc frame
  // inherits this policy, so it must allow them here; the frame's own policy blocks them until asked.
  "img-src 'self' data: https: http:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
};

/** Where the built workspace lives: beside the built add-in (dist/outlook-addin → dist/web) unless told. */
export function webDirFor(deps: AppDeps): string {
  return resolve(deps.webDir ?? resolve(deps.staticDir, "..", "web"));
}

function notBuiltPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Touchbase</title></head>
<body><main><h1>The Touchbase web workspace is not built yet</h1>
<p>Run <code>npm run build</code> (or <code>npm run build:web</code>), then reload this page.</p></main></body></html>`;
}

async function builtFile(root: string, relative: string): Promise<string | null> {
  if (!/^[\w.-]+$/.test(relative)) return null; // flat output: no folders, no traversal
  const path = resolve(root, relative);
  if (!path.startsWith(root + sep)) return null;
  return (await stat(path).catch(() => null))?.isFile() ? path : null;
}

export function webAppRoutes(deps: AppDeps): Hono<AppEnv> {
  const root = webDirFor(deps);
  const app = new Hono<AppEnv>();
  const security = {
    "content-security-policy": WEB_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
  };
  const shell = async () => {
    const index = await builtFile(root, "index.html");
    const headers = { ...security, "cache-control": "no-store" };
    if (!index)
      return new Response(notBuiltPage(), {
        status: 503,
        headers: { ...headers, "content-type": TYPES[".html"] },
      });
    return new Response(await readFile(index), {
      status: 200,
      headers: { ...headers, "content-type": TYPES[".html"] },
    });
  };
  app.get("/app", shell);
  app.get("/app/*", async (c) => {
    const relative = c.req.path.slice("/app/".length);
    const type = TYPES[extname(relative).toLowerCase()];
    const file = type && !relative.endsWith(".html") ? await builtFile(root, relative) : null;
    if (file) {
      // Hashed names never change content; web.css (not hashed) is revalidated.
      const cache = /\.[0-9a-f]{8}\.js$/.test(relative) ? "public, max-age=31536000, immutable" : "no-cache";
      return c.body(await readFile(file), 200, { ...security, "content-type": type, "cache-control": cache });
    }
    if (type && type !== TYPES[".html"]) {
      return c.text("That file is not part of the built web workspace.", 404, security);
    }
    return shell();
  });
  return app;
}
