// An in-process app on a real database, driven through `app.request()`, with helpers to make workspaces and users.
import { buildApp } from "../src/app";
import type { AnswerCache } from "../src/http/answer-cache";
import type { DatabaseKind } from "../src/db/connect";
import { clearIndexCache } from "../src/data/customer-index";
import { createUser, createWorkspace } from "../src/data/workspaces";
import { MimePool } from "../src/inbound/mime-pool";
import { DEFAULT_MIME_LIMITS } from "../src/inbound/mime-to-email";
import { localResolver, type DnsTable } from "./mail-auth";
import { STATIC_DIR } from "../src/start-server";
import type { IdentityConfig } from "../src/identity/identity-config";
import { openTestDatabase, type TestDatabase } from "./test-databases";

export interface TestWorkspace {
  id: string;
  inboundKey: string;
  adminToken: string;
  adminEmail: string;
  /** A member user of the workspace. */
  member(email?: string): Promise<{ token: string; email: string; id: string }>;
}

export interface TestApp {
  kind: DatabaseKind;
  db: TestDatabase;
  /** The DNS the app's mail checks see (DKIM keys, SPF records): add records with publishDkimKey or set(). */
  dns: DnsTable;
  /** The app's MIME worker pool (answers DNS from `dns`). */
  mime: MimePool;
  app: ReturnType<typeof buildApp>;
  workspace(options?: { internalDomains?: string[]; adminEmail?: string }): Promise<TestWorkspace>;
  /** A JSON request under /api/v1 with a token; returns status, headers and the parsed body. */
  call(
    token: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are asserted field by field
  close(): Promise<void>;
}

let counter = 0;

export async function createTestApp(
  kind: DatabaseKind,
  options: {
    rateLimitPerMinute?: number;
    bodyLimitBytes?: number;
    publicRateLimit?: { perKey: number; perAddress: number };
    trustProxy?: boolean;
    mimeTimeoutMs?: number;
    identity?: IdentityConfig;
    answerCache?: AnswerCache;
  } = {},
): Promise<TestApp> {
  const db = await openTestDatabase(kind);
  clearIndexCache();
  const dns: DnsTable = new Map();
  const resolver = localResolver(dns);
  const mime = new MimePool(
    { ...DEFAULT_MIME_LIMITS, timeoutMs: options.mimeTimeoutMs ?? 20_000 },
    resolver,
    1,
  );
  const app = buildApp({
    database: db.database,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
    bodyLimitBytes: options.bodyLimitBytes ?? 32 * 1024 * 1024,
    staticDir: STATIC_DIR,
    publicRateLimit: options.publicRateLimit,
    trustProxy: options.trustProxy,
    inbound: { mime, resolver },
    identity: options.identity,
    answerCache: options.answerCache,
  });
  const call: TestApp["call"] = async (token, method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] ??= "application/json";
    }
    const res = await app.request(`/api/v1${path}`, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    kind,
    db,
    dns,
    mime,
    app,
    call,
    async workspace(o = {}) {
      const n = ++counter;
      const adminEmail = o.adminEmail ?? `admin${n}@northwind${n}.test`;
      const { workspace, token } = await createWorkspace(db.database.db, {
        name: `Workspace ${n}`,
        internalDomains: o.internalDomains ?? [`northwind${n}.test`],
        adminEmail,
      });
      let m = 0;
      return {
        id: workspace.id,
        inboundKey: workspace.inboundKey,
        adminToken: token,
        adminEmail,
        member: async (email = `member${n}.${++m}@northwind${n}.test`) => {
          const { user, token: t } = await createUser(db.database.db, workspace.id, {
            email,
            role: "member",
          });
          return { token: t, email: user.email, id: user.id };
        },
      };
    },
    close: async () => {
      await mime.close();
      await db.dispose();
    },
  };
}

/** A valid email as the add-ins send it; override any field. */
export interface TestEmail {
  messageId: string;
  from: string;
  [field: string]: unknown;
}

export function emailInput(over: Record<string, unknown> = {}): TestEmail {
  const n = ++counter;
  return {
    messageId: `<msg-${n}-${Math.random().toString(36).slice(2)}@mail.test>`,
    from: "Wile Coyote <wile@acme.test>",
    to: "Alex <alex@northwind.test>",
    subject: `Subject ${n}`,
    sentAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
    text: `Body ${n}`,
    ...over,
  } as TestEmail;
}
