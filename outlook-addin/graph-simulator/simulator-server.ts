// The Graph simulator's HTTP server: bearer tokens it issues itself, Graph's throttling (4 concurrent requests
// per mailbox, a request rate), injectable faults and latency, CORS for the browser, and a request log.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createGraphRoutes, type GraphResponse } from "./graph-routes";
import { Mailbox, type SimAddress } from "./mailbox";
import { GraphHttpError } from "./odata";
import { handleControl } from "./control-routes";
import { SimulatedEntra, type EntraConfig } from "./simulated-entra";
import { LOGIN_PREFIX, SimulatedEntraLogin } from "./simulated-entra-login";

export interface FaultSpec {
  /** HTTP status to answer with (429, 500, 503, 504…). */
  status: number;
  /** How many matching requests fail (default 1). */
  count?: number;
  /** Only requests whose path (with query) contains this text. */
  match?: string;
  /** Top-level HTTP requests, members of a `$batch`, or both (default "any"). */
  scope?: "request" | "member" | "any";
  /** A 429's `Retry-After` in seconds (default 1), as Graph sends it, also on `$batch` members. */
  retryAfterSeconds?: number;
}

export interface SimulatorLimits {
  /** Concurrent requests per mailbox before 429 (Graph's Outlook limit: 4). */
  maxConcurrent: number;
  /** Requests (batch members count one each) per window per mailbox; Graph's is 10,000 per 10 minutes. */
  rateLimit: { requests: number; windowMs: number };
}

export interface SimulatorOptions extends Partial<SimulatorLimits> {
  port?: number;
  host?: string;
  /**
   * Service time of each request, in ms: a top-level request holds one of the mailbox's concurrency slots this
   * long; a `$batch` pays it once for the exchange and once per wave of ≤ 4 members (Graph dispatches up to four
   * members at a time to the mailbox).
   */
  latencyMs?: number;
  deltaCap?: number;
  /** See GraphRoutesOptions.deltaTokenTtlMs. */
  deltaTokenTtlMs?: number;
  /** Browser origins allowed by CORS besides loopback ones (e.g. the backend's URL). */
  allowedOrigins?: string[];
  /** Enables the `/_sim/*` control endpoints (default true; the server listens on loopback only). */
  control?: boolean;
  /** The simulated Entra's local issuer, tenant and apps (also settable by `POST /_sim/entra`). */
  entra?: EntraConfig;
}

export interface RequestLogEntry {
  seq: number;
  at: number;
  method: string;
  /** Path after `/v1.0` with its query, or `/token`, `/_sim/…`. */
  url: string;
  status: number;
  mailbox: string | null;
  /** `http` for a real HTTP request, `member` for a request inside a `$batch`. */
  kind: "http" | "member";
  /** For a 429: which limit refused it (`MailboxConcurrency` or `MailboxRequests`). */
  throttled?: string;
}

const MAX_BATCH = 20;
/** Graph sends at most this many members of one `$batch` to the mailbox at once. */
const BATCH_PARALLELISM = 4;
const TOKEN_TTL_S = 3600;

function graphError(status: number, code: string, message: string): GraphResponse {
  return {
    status,
    body: {
      error: {
        code,
        message,
        innerError: { date: new Date().toISOString(), "request-id": randomBytes(8).toString("hex") },
      },
    },
  };
}

function throttled(reason: string, retryAfterSeconds = 1): GraphResponse {
  // Retry-After is sent as Graph does: not exposed to browsers through CORS on a request (Graph does not expose
  // it), but readable on a `$batch` member, whose headers are part of the JSON answer.
  return {
    ...graphError(429, "ApplicationThrottled", `Application is over its ${reason} limit.`),
    headers: { "Retry-After": String(retryAfterSeconds) },
    throttled: reason,
  };
}

function faultResponse(fault: Required<FaultSpec>): GraphResponse {
  return fault.status === 429
    ? throttled("MailboxRequests", fault.retryAfterSeconds)
    : graphError(fault.status, "ServiceUnavailable", "The service is temporarily unavailable.");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class GraphSimulator {
  readonly mailboxes = new Map<string, Mailbox>();
  private readonly tokens = new Map<string, { mailbox: string; expiresAt: number }>();
  /** Requests (top-level, or batch members) the mailbox is executing right now. */
  private readonly inFlight = new Map<string, number>();
  private readonly peak = new Map<string, number>();
  private readonly recent = new Map<string, number[]>();
  private faults: Required<FaultSpec>[] = [];
  private log: RequestLogEntry[] = [];
  private logSeq = 0;
  private server = createServer((req, res) => void this.onRequest(req, res));
  private routes: ReturnType<typeof createGraphRoutes> | null = null;
  latencyMs: number;
  limits: SimulatorLimits;
  url = "";
  /** Nested app authentication's broker, as the harness's fake Office reaches it (`/entra/naa`). */
  readonly entra: SimulatedEntra;
  /** Entra's sign-in page and token endpoint, for the Office dialog's redirect flow (`/entra/login/…`). */
  readonly entraLogin: SimulatedEntraLogin;

  constructor(private readonly options: SimulatorOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.entra = new SimulatedEntra(
      {
        graphToken: (mailbox) =>
          this.mailboxes.has(mailbox.toLowerCase()) ? this.issueToken(mailbox) : null,
      },
      options.entra ?? null,
    );
    this.entraLogin = new SimulatedEntraLogin(this.entra, (mailbox) =>
      this.mailboxes.has(mailbox.toLowerCase()),
    );
    this.limits = {
      maxConcurrent: options.maxConcurrent ?? 4,
      rateLimit: options.rateLimit ?? { requests: 10_000, windowMs: 600_000 },
    };
  }

  get graphUrl(): string {
    return `${this.url}/v1.0`;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? "127.0.0.1", () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    this.url = `http://${host}:${address.port}`;
    this.routes = createGraphRoutes({
      baseUrl: this.graphUrl,
      deltaCap: this.options.deltaCap,
      deltaTokenTtlMs: this.options.deltaTokenTtlMs,
    });
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addMailbox(owner: SimAddress): Mailbox {
    const key = owner.address.toLowerCase();
    const existing = this.mailboxes.get(key);
    if (existing) return existing;
    const mailbox = new Mailbox(owner);
    this.mailboxes.set(key, mailbox);
    return mailbox;
  }

  mailbox(address: string): Mailbox {
    const mailbox = this.mailboxes.get(address.toLowerCase());
    if (!mailbox) throw new Error(`no mailbox ${address}`);
    return mailbox;
  }

  issueToken(address: string): string {
    this.mailbox(address);
    const token = `sim.${randomBytes(24).toString("base64url")}`;
    this.tokens.set(token, { mailbox: address.toLowerCase(), expiresAt: Date.now() + TOKEN_TTL_S * 1000 });
    return token;
  }

  /** Every issued token stops working (401), as after a sign-out or a token lifetime policy. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  injectFaults(faults: FaultSpec[]): void {
    this.faults.push(
      ...faults.map((f) => ({ count: 1, match: "", scope: "any" as const, retryAfterSeconds: 1, ...f })),
    );
  }

  clearFaults(): void {
    this.faults = [];
  }

  requests(): RequestLogEntry[] {
    return [...this.log];
  }

  clearLog(): void {
    this.log = [];
    this.peak.clear();
  }

  /** The most requests a mailbox executed at once since the log was last cleared (batch members included). */
  peakConcurrency(mailbox: string): number {
    return this.peak.get(mailbox.toLowerCase()) ?? 0;
  }

  /** Every delta token issued so far is forgotten: its next use answers 410 Gone, as Graph does. */
  expireDeltaTokens(): void {
    this.routes?.expireDeltaTokens();
  }

  /** Takes one of the mailbox's concurrency slots; false (and nothing taken) when all are busy. */
  private enter(mailbox: string): boolean {
    const active = this.inFlight.get(mailbox) ?? 0;
    if (active >= this.limits.maxConcurrent) return false;
    this.inFlight.set(mailbox, active + 1);
    this.peak.set(mailbox, Math.max(this.peak.get(mailbox) ?? 0, active + 1));
    return true;
  }

  private leave(mailbox: string): void {
    this.inFlight.set(mailbox, Math.max(0, (this.inFlight.get(mailbox) ?? 1) - 1));
  }

  private record(entry: Omit<RequestLogEntry, "seq" | "at">): void {
    if (entry.throttled === undefined) delete entry.throttled;
    this.log.push({ ...entry, seq: ++this.logSeq, at: Date.now() });
    if (this.log.length > 200_000) this.log.splice(0, 100_000);
  }

  private takeFault(url: string, scope: "request" | "member"): Required<FaultSpec> | null {
    const fault = this.faults.find(
      (f) => f.count > 0 && (f.scope === "any" || f.scope === scope) && url.includes(f.match),
    );
    if (!fault) return null;
    fault.count--;
    this.faults = this.faults.filter((f) => f.count > 0);
    return fault;
  }

  private overRate(mailbox: string): boolean {
    const now = Date.now();
    const { requests, windowMs } = this.limits.rateLimit;
    const times = (this.recent.get(mailbox) ?? []).filter((t) => t > now - windowMs);
    const over = times.length >= requests;
    if (!over) times.push(now);
    this.recent.set(mailbox, times);
    return over;
  }

  private corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (!origin) return {};
    let allowed = (this.options.allowedOrigins ?? []).includes(origin);
    try {
      allowed ||= ["localhost", "127.0.0.1", "[::1]"].includes(new URL(origin).hostname);
    } catch {
      allowed = false;
    }
    if (!allowed) return {};
    return {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": "GET, POST, PATCH, DELETE, OPTIONS",
      "Access-Control-Allow-Headers": "authorization, content-type, prefer, accept",
      "Access-Control-Max-Age": "600",
      Vary: "Origin",
    };
  }

  private send(res: ServerResponse, cors: Record<string, string>, response: GraphResponse): void {
    const body = response.body === undefined ? "" : JSON.stringify(response.body);
    res.writeHead(response.status, {
      ...cors,
      ...(body ? { "Content-Type": "application/json; odata.metadata=minimal; charset=utf-8" } : {}),
      ...response.headers,
    });
    res.end(body);
  }

  private authorize(req: IncomingMessage): string | null {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    const token = m ? this.tokens.get(m[1]) : undefined;
    if (!token || token.expiresAt < Date.now()) return null;
    return token.mailbox;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cors = this.corsHeaders(req);
    const url = new URL(req.url ?? "/", "http://simulator");
    if (req.method === "OPTIONS") return this.send(res, cors, { status: 204 });
    const raw = await readBody(req);
    try {
      if (url.pathname === "/token" && req.method === "POST") {
        const mailbox = String((parseJson(raw) as { mailbox?: unknown } | null)?.mailbox ?? "");
        if (!this.mailboxes.has(mailbox.toLowerCase())) {
          this.record({ method: "POST", url: "/token", status: 400, mailbox: null, kind: "http" });
          return this.send(res, cors, {
            status: 400,
            body: { error: "invalid_request", error_description: "Unknown mailbox." },
          });
        }
        this.record({ method: "POST", url: "/token", status: 200, mailbox, kind: "http" });
        return this.send(res, cors, {
          status: 200,
          body: {
            token_type: "Bearer",
            access_token: this.issueToken(mailbox),
            expires_in: TOKEN_TTL_S,
            scope: "Mail.Read",
          },
        });
      }
      if (url.pathname.startsWith(`${LOGIN_PREFIX}/`)) {
        const answer = await this.entraLogin.handle(req.method ?? "GET", url, raw);
        res.writeHead(answer.status, { ...cors, ...answer.headers });
        return void res.end(answer.body);
      }
      if (url.pathname === "/entra/naa" && req.method === "POST") {
        const answer = await this.entra.token(parseJson(raw));
        return this.send(res, cors, answer);
      }
      if (url.pathname === "/_sim/entra" && this.options.control !== false) {
        return this.send(res, cors, this.entra.control(req.method ?? "GET", parseJson(raw)));
      }
      if (url.pathname.startsWith("/_sim/") && this.options.control !== false) {
        return this.send(res, cors, await handleControl(this, req.method ?? "GET", url, parseJson(raw)));
      }
      if (!url.pathname.startsWith("/v1.0/"))
        return this.send(res, cors, graphError(404, "NotFound", "Unknown path."));
      await this.graphRequest(req, res, cors, url, raw);
    } catch (error) {
      const response =
        error instanceof GraphHttpError
          ? graphError(error.status, error.code, error.message)
          : graphError(500, "InternalServerError", "The simulator failed.");
      this.send(res, cors, response);
    }
  }

  private async graphRequest(
    req: IncomingMessage,
    res: ServerResponse,
    cors: Record<string, string>,
    url: URL,
    raw: string,
  ): Promise<void> {
    const path = url.pathname.slice("/v1.0".length);
    const logged = `${path}${url.search}`;
    const method = req.method ?? "GET";
    const mailbox = this.authorize(req);
    if (!mailbox) {
      this.record({ method, url: logged, status: 401, mailbox: null, kind: "http" });
      return this.send(
        res,
        cors,
        graphError(401, "InvalidAuthenticationToken", "Access token is empty or invalid."),
      );
    }
    if (path === "/$batch" && method === "POST") {
      // The exchange itself is no mailbox request: its members are, each taking a slot while it runs.
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      const fault = this.takeFault(logged, "request");
      const response = fault === null ? await this.batch(mailbox, raw) : faultResponse(fault);
      this.record({ method, url: logged, status: response.status, mailbox, kind: "http" });
      return this.send(res, cors, response);
    }
    const admitted = this.enter(mailbox);
    try {
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      let response: GraphResponse;
      const fault = this.takeFault(logged, "request");
      if (!admitted) response = throttled("MailboxConcurrency");
      else if (this.overRate(mailbox)) response = throttled("MailboxRequests");
      else if (fault !== null) response = faultResponse(fault);
      else response = this.route(mailbox, method, path, url.searchParams, req.headers);
      this.record({
        method,
        url: logged,
        status: response.status,
        mailbox,
        kind: "http",
        throttled: response.throttled,
      });
      this.send(res, cors, response);
    } finally {
      if (admitted) this.leave(mailbox);
    }
  }

  private route(
    mailbox: string,
    method: string,
    path: string,
    query: URLSearchParams,
    headers: Record<string, string | string[] | undefined>,
  ): GraphResponse {
    try {
      const flat: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(headers))
        flat[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
      return this.routes!.handle(this.mailbox(mailbox), { method, path, query, headers: flat });
    } catch (error) {
      if (error instanceof GraphHttpError) return graphError(error.status, error.code, error.message);
      throw error;
    }
  }

  /**
   * A JSON batch as Graph runs it: members dispatched to the mailbox up to four at a time, each counted against
   * the mailbox's concurrency limit (with whatever else runs at that moment) and its request rate; a member that
   * finds no free slot answers 429 MailboxConcurrency inside the batch response, the others succeed.
   */
  private async batch(mailbox: string, raw: string): Promise<GraphResponse> {
    const body = parseJson(raw) as { requests?: unknown } | null;
    const requests = Array.isArray(body?.requests) ? (body.requests as Record<string, unknown>[]) : null;
    if (!requests || requests.length === 0)
      return graphError(400, "BadRequest", "Invalid batch payload format.");
    if (requests.length > MAX_BATCH) {
      return graphError(400, "BadRequest", "The number of batch requests must not exceed 20.");
    }
    const member = async (r: Record<string, unknown>) => {
      const id = String(r.id ?? "");
      const method = String(r.method ?? "GET").toUpperCase();
      const target = new URL(String(r.url ?? "").replace(/^\/?/, "/"), "http://simulator");
      const logged = `${target.pathname}${target.search}`;
      const admitted = this.enter(mailbox);
      let response: GraphResponse;
      try {
        if (this.latencyMs > 0) await sleep(this.latencyMs);
        const fault = this.takeFault(logged, "member");
        if (!admitted) response = throttled("MailboxConcurrency");
        else if (this.overRate(mailbox)) response = throttled("MailboxRequests");
        else if (fault !== null) response = faultResponse(fault);
        else
          response = this.route(
            mailbox,
            method,
            target.pathname,
            target.searchParams,
            (r.headers as Record<string, string>) ?? {},
          );
      } finally {
        if (admitted) this.leave(mailbox);
      }
      this.record({
        method,
        url: logged,
        status: response.status,
        mailbox,
        kind: "member",
        throttled: response.throttled,
      });
      return {
        id,
        status: response.status,
        headers: { "Content-Type": "application/json", ...response.headers },
        body: response.body,
      };
    };
    const responses: Awaited<ReturnType<typeof member>>[] = [];
    for (let i = 0; i < requests.length; i += BATCH_PARALLELISM) {
      responses.push(...(await Promise.all(requests.slice(i, i + BATCH_PARALLELISM).map(member))));
    }
    return { status: 200, body: { responses } };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      data += chunk;
      if (data.length > 10_000_000) req.destroy();
    });
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

function parseJson(raw: string): unknown {
  if (!raw) return null;
  try {
    return JSON.parse(raw);
  } catch {
    throw new GraphHttpError(400, "BadRequest", "The request body is not valid JSON.");
  }
}

/** Starts a simulator on a free loopback port (or `options.port`). */
export async function startGraphSimulator(options: SimulatorOptions = {}): Promise<GraphSimulator> {
  return new GraphSimulator(options).listen();
}
