import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { Hono } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { AppDeps, AppEnv } from "../http/app-env";
import { errorBody } from "../http/http-error";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".eml": "message/rfc822",
};

async function fileIn(root: string, relative: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  const path = resolve(root, `.${sep}${decoded}`);
  if (path !== root && !path.startsWith(root + sep)) return null;
  try {
    const s = await stat(path);
    if (s.isFile()) return path;
    if (s.isDirectory()) {
      const index = join(path, "index.html");
      if ((await stat(index).catch(() => null))?.isFile()) return index;
    }
  } catch {
    // not there
  }
  return null;
}

function landingPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Touchbase</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .3em}</style>
</head><body>
<h1>Touchbase backend is running</h1>
<p>The Outlook add-in and its browser harness are not built yet. Run <code>npm run build</code>, then reload this page.</p>
<ul>
<li><a href="/api/v1/openapi.json">API reference (OpenAPI)</a></li>
<li><a href="/health">Health</a></li>
</ul>
</body></html>`;
}

function isLoopback(address: string | undefined): boolean {
  return !!address && (/^127\./.test(address) || address === "::1" || address.startsWith("::ffff:127."));
}

/**
 * Whether the page asking named this machine in its Host header. A page on evil.example whose DNS is switched to
 * 127.0.0.1 (DNS rebinding) reaches the server from loopback, but its requests still say `Host: evil.example`.
 */
export function isLocalHostHeader(host: string | undefined): boolean {
  return host !== undefined && /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i.test(host.trim());
}

/** The built Outlook add-in under /outlook/, the landing page, and the local harness's config. */
export function staticRoutes(deps: AppDeps): Hono<AppEnv> {
  const root = resolve(deps.staticDir);
  const app = new Hono<AppEnv>();
  app.get("/outlook/*", async (c) => {
    const relative = c.req.path.slice("/outlook/".length) || "index.html";
    const path = await fileIn(root, relative);
    if (!path) {
      return c.json(
        errorBody("not_found", "That file is not part of the built Outlook add-in (run npm run build)."),
        404,
      );
    }
    const type = TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
    // Ribbon icons go without Cache-Control: Office shows a generic image for one that has it (Image element docs).
    if (relative.startsWith("assets/")) return c.body(await readFile(path), 200, { "content-type": type });
    const cache = type.startsWith("text/html") ? "no-cache" : "public, max-age=300";
    return c.body(await readFile(path), 200, { "content-type": type, "cache-control": cache });
  });
  app.get("/", async (c) => {
    if (await fileIn(root, "harness.html")) return c.redirect("/outlook/harness.html", 302);
    return c.html(landingPage());
  });
  app.get("/harness/config.json", (c) => {
    const config = deps.harness?.() ?? null;
    let remote: string | undefined;
    try {
      remote = getConnInfo(c).remote.address;
    } catch {
      remote = undefined;
    }
    // A token for the admin, handed to whoever asks: only ever to this machine, and only in the local demo setup.
    // A request relayed by a proxy on this machine arrives from loopback too; its forwarding headers give it away,
    // and a page of another site rebound to 127.0.0.1 gives itself away by its Host header.
    const proxied = c.req.header("x-forwarded-for") !== undefined || c.req.header("forwarded") !== undefined;
    if (!config || !isLoopback(remote) || !isLocalHostHeader(c.req.header("host")) || proxied) {
      return c.json(errorBody("not_found", "The local harness is not enabled on this server."), 404);
    }
    c.header("cache-control", "no-store");
    return c.json(config, 200);
  });
  return app;
}
