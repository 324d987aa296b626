// Test helper (Node): the real backend (spawned, behind a recording proxy), a Graph simulator over real HTTP and
// an engine on fake-indexeddb — the pieces the folder-sync, outbox and privacy tests share.
import "fake-indexeddb/auto";
import { afterAll, beforeAll } from "vitest";
import { randomBytes } from "node:crypto";
import { createAsyncApi, type AsyncApi, type CustomerCreate } from "../../../../shared";
import { spawnBackend, type SpawnedBackend } from "../../../../dev/spawn-backend";
import { startGraphSimulator, type GraphSimulator, type SimulatorOptions } from "../../../graph-simulator";
import {
  createGraphClient,
  createSimulatorTokenProvider,
  type GraphClient,
  type GraphClientOptions,
} from "../../graph";
import { createEngine } from "../engine";
import { fetchTransport } from "../fetch-transport";
import type { TouchbaseEngine } from "../engine-types";
import type { OnlineSignal } from "../outbox-types";
import type { FolderLocks } from "../folder-lock";
import { startRecordingProxy, type RecordingProxy } from "./recording-proxy";

export const OWNER = { name: "Alex Admin", address: "admin@touchbase.local" };

export const TEST_CUSTOMERS = [
  {
    name: "Acme Corporation",
    domains: ["acme.com"],
    contacts: [{ address: "wile.coyote@acme.com", firstName: "Wile", lastName: "Coyote" }],
  },
  { name: "Globex", domains: ["globex.io"], contacts: [] },
  { name: "Initech", domains: ["initech.com"], contacts: [] },
];

export interface BackendSide {
  backend: SpawnedBackend;
  proxy: RecordingProxy;
  /** The API through the proxy (what the add-in uses). */
  api: AsyncApi;
  /** The API straight to the backend (for assertions, not recorded). */
  direct: AsyncApi;
  stop(): Promise<void>;
}

export async function startBackendSide(options: { customers?: CustomerCreate[] } = {}): Promise<BackendSide> {
  const backend = await spawnBackend({ timeoutMs: 90_000 });
  const proxy = await startRecordingProxy(backend.url);
  const direct = createAsyncApi({ baseUrl: backend.url, token: backend.token }, fetchTransport());
  await direct.updateWorkspace({ internalDomains: ["touchbase.local", "northwind-cs.com"] });
  for (const c of options.customers ?? TEST_CUSTOMERS)
    await direct.createCustomer({ name: c.name, domains: c.domains });
  return {
    backend,
    proxy,
    api: createAsyncApi({ baseUrl: proxy.url, token: backend.token }, fetchTransport()),
    direct,
    async stop() {
      await proxy.stop();
      await backend.stop();
    },
  };
}

export async function startSimulator(
  options: SimulatorOptions = {},
): Promise<{ sim: GraphSimulator; graph: (o?: Partial<GraphClientOptions>) => GraphClient }> {
  const sim = await startGraphSimulator(options);
  sim.addMailbox(OWNER);
  const graph = (o: Partial<GraphClientOptions> = {}) =>
    createGraphClient({
      baseUrl: sim.graphUrl,
      tokens: createSimulatorTokenProvider({ graphUrl: sim.graphUrl, mailbox: OWNER.address }),
      // Tests keep backoff short; the policy's shape (exponential, jittered) is what is under test.
      retry: { baseDelayMs: 20, maxDelayMs: 400, maxRetries: 8 },
      ...o,
    });
  return { sim, graph };
}

/** A controllable connectivity signal for outbox tests. */
export function manualOnline(initial = true): OnlineSignal & { set(online: boolean): void } {
  let online = initial;
  const listeners = new Set<() => void>();
  return {
    isOnline: () => online,
    onOnline(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(value) {
      online = value;
      if (value) for (const l of listeners) l();
    },
  };
}

export async function engineFor(
  side: BackendSide,
  graph: GraphClient | null,
  options: {
    storeName?: string;
    online?: OnlineSignal;
    startOutbox?: boolean;
    fetch?: typeof fetch;
    graphPageSize?: number;
    now?: () => number;
    folderLocks?: FolderLocks;
    continuousSync?: boolean;
    syncEveryMinutes?: number;
  } = {},
): Promise<TouchbaseEngine & { storePrefix: string }> {
  const storeName = options.storeName ?? `tb-test-${randomBytes(6).toString("hex")}`;
  const engine = await createEngine({
    storeName,
    serverUrl: side.proxy.url,
    apiToken: side.backend.token,
    viewer: { addresses: [OWNER.address] },
    graph,
    online: options.online,
    startOutbox: options.startOutbox ?? false,
    fetch: options.fetch,
    graphPageSize: options.graphPageSize,
    now: options.now,
    folderLocks: options.folderLocks,
    continuousSync: options.continuousSync,
    syncEveryMinutes: options.syncEveryMinutes,
  });
  return Object.assign(engine, { storePrefix: storeName });
}

/** Every email the backend holds, by Message-ID (read straight from the backend, through each customer). */
export async function storedMessageIds(direct: AsyncApi): Promise<string[]> {
  const ids: string[] = [];
  const { customers } = await direct.customers({ limit: 200 });
  for (const c of customers) {
    let cursor: string | undefined;
    do {
      const page = await direct.customerEmails({ customerId: c.id, cursor, limit: 100 });
      ids.push(...page.emails.map((e) => e.messageId ?? ""));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return [...new Set(ids)];
}

/** A fetch that can "crash": from then on every call hangs forever, like a process that died mid-request. */
export function crashableFetch(real: typeof fetch = globalThis.fetch.bind(globalThis)) {
  let crashed = false;
  let calls = 0;
  let crashAt = Infinity;
  const wrapped = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    calls++;
    if (calls >= crashAt) crashed = true;
    if (crashed) return new Promise<Response>(() => undefined);
    return real(input, init);
  }) as typeof fetch;
  return {
    fetch: wrapped,
    crashAtCall(n: number) {
      crashAt = n;
    },
    crash() {
      crashed = true;
    },
    get crashed() {
      return crashed;
    },
  };
}

/**
 * The suite's backend: started before its tests, stopped after them. Its fields read the started one, so a test
 * uses it as a plain BackendSide.
 */
export function backendSideForSuite(): BackendSide {
  let started: BackendSide | null = null;
  beforeAll(async () => {
    started = await startBackendSide();
  }, 180_000);
  afterAll(async () => {
    await started?.stop();
  });
  const current = () => {
    if (!started) throw new Error("The suite's backend starts in beforeAll.");
    return started;
  };
  return {
    get backend() {
      return current().backend;
    },
    get proxy() {
      return current().proxy;
    },
    get api() {
      return current().api;
    },
    get direct() {
      return current().direct;
    },
    stop: () => current().stop(),
  };
}

/** A Graph simulator for one test, stopped when it ends (passed or not). */
export async function withSimulator<T>(
  options: SimulatorOptions,
  run: (world: Awaited<ReturnType<typeof startSimulator>>) => Promise<T>,
): Promise<T> {
  const world = await startSimulator(options);
  try {
    return await run(world);
  } finally {
    await world.sim.stop();
  }
}
