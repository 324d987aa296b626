// Test helper (Node): an HTTP proxy in front of the real backend that records every request the add-in makes,
// so privacy tests can assert what left the "mail client". Pointing it at no backend makes it behave like a
// server that is down (the connection is dropped, as a stopped server's would be refused).
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

export interface RecordingProxy {
  url: string;
  requests: RecordedRequest[];
  /** Forward to this backend URL; null = down. */
  setTarget(url: string | null): void;
  stop(): Promise<void>;
}

export async function startRecordingProxy(target: string | null): Promise<RecordingProxy> {
  let upstream = target;
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      const entry: RecordedRequest = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers,
        body: body.toString("utf8"),
        status: 0,
      };
      requests.push(entry);
      if (!upstream) {
        req.socket.destroy();
        return;
      }
      const to = new URL(req.url ?? "/", upstream);
      const forward = httpRequest(
        to,
        { method: req.method, headers: { ...req.headers, host: to.host } },
        (answer) => {
          entry.status = answer.statusCode ?? 0;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => req.socket.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setTarget(url) {
      upstream = url;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Every email the add-in posted to `/emails/batch`, in order (retries included). */
export function postedEmails(
  requests: RecordedRequest[],
): { messageId: string; subject?: string; text?: string; html?: string; from: string }[] {
  return requests
    .filter((r) => r.method === "POST" && r.path.startsWith("/api/v1/emails/batch"))
    .flatMap((r) => (JSON.parse(r.body) as { emails: { messageId: string; from: string }[] }).emails);
}
