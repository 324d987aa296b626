// A small HTTPS server for sideloading in Outlook (`npm run dev:outlook`): serves the built add-in under
// /outlook/ and, when given the backend's URL, forwards /api/ and /health to it, so the task pane can use one
// https:// origin for both (Outlook's webviews refuse mixed content). It never forwards /harness/: the backend
// hands its harness token to loopback callers, and through this server anyone who reaches it would be one.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import { extname, resolve, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
};

const FORWARDED = /^\/api\/|^\/health$/;

export interface DevServerOptions {
  /** dist/outlook-addin */
  root: string;
  tls: { cert: Buffer | string; key: Buffer | string; ca?: Buffer | string };
  port: number;
  host?: string;
  /** The backend to forward API requests to, e.g. http://localhost:3001; none when absent. */
  apiUrl?: string;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(text);
}

/** A file under root for a URL path, or null (never outside root). */
export async function fileFor(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const path = resolve(root, `.${sep}${decoded}`);
  if (path !== root && !path.startsWith(root + sep)) return null;
  const info = await stat(path).catch(() => null);
  return info?.isFile() ? path : null;
}

/** The proxy headers a forwarded request carries: the backend sees it was relayed, and for whom. */
export function forwardingHeaders(req: IncomingMessage): Record<string, string> {
  const client = req.socket.remoteAddress ?? "unknown";
  const prior = req.headers["x-forwarded-for"];
  const chain = [typeof prior === "string" ? prior : prior?.join(", "), client].filter(Boolean).join(", ");
  const host = req.headers.host ?? "";
  const forHost = client.includes(":") ? `"[${client}]"` : client;
  return {
    "x-forwarded-for": chain,
    "x-forwarded-host": host,
    "x-forwarded-proto": "https",
    forwarded: `for=${forHost};host=${host};proto=https`,
  };
}

function forward(apiUrl: string, req: IncomingMessage, res: ServerResponse): void {
  const target = new URL(req.url ?? "/", apiUrl);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const upstream = send(
    target,
    { method: req.method, headers: { ...req.headers, ...forwardingHeaders(req), host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => {
    if (!res.headersSent) {
      res.writeHead(502, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: {
            code: "backend_unreachable",
            message: `The Touchbase backend at ${apiUrl} is not answering.`,
          },
        }),
      );
    }
  });
  req.pipe(upstream);
}

export async function startDevServer(
  options: DevServerOptions,
): Promise<{ url: string; server: Server; stop(): Promise<void> }> {
  const root = resolve(options.root);
  const server = createServer(options.tls, (req, res) => {
    const path = new URL(req.url ?? "/", "https://dev").pathname;
    if (options.apiUrl && FORWARDED.test(path)) return forward(options.apiUrl, req, res);
    if (path === "/") {
      res.writeHead(302, { location: "/outlook/harness.html" });
      return res.end();
    }
    if (!path.startsWith("/outlook/") || (req.method !== "GET" && req.method !== "HEAD")) {
      return send(res, 404, "Not found: the add-in lives under /outlook/.");
    }
    void fileFor(root, path.slice("/outlook/".length)).then((file) => {
      if (!file) return send(res, 404, "That file is not part of the built add-in (is the build running?).");
      const type = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
      // Ribbon icons go without Cache-Control: Office shows a generic image for one that has it.
      const icon = path.startsWith("/outlook/assets/");
      res.writeHead(200, { "content-type": type, ...(icon ? {} : { "cache-control": "no-cache" }) });
      if (req.method === "HEAD") return res.end();
      createReadStream(file).pipe(res);
    });
  });
  await new Promise<void>((r, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "localhost", () => r());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `https://localhost:${port}`,
    server,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
