// The world the Outlook end-to-end tests and the task-pane bench run in: the real backend (spawned, with the
// demo workspace), the built Graph simulator as its own process, and Debian's Chromium driven by
// playwright-core, opening the harness the backend serves at /outlook/harness.html.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { resolve } from "node:path";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type FrameLocator,
  type Locator,
  type Page,
} from "playwright-core";
import { createAsyncApi, type AsyncApi, type HttpRequest, type HttpResponse } from "../../shared";
import { CHROMIUM, CHROMIUM_LAUNCH, HAS_CHROMIUM, launchChromium } from "../../dev/chromium";
import { spawnBackend, type SpawnedBackend, type SpawnOptions } from "../../dev/spawn-backend";
import { startSimulatorProcess } from "../graph-simulator/sidecar-process";

export const ROOT = resolve(import.meta.dirname, "../..");
export const DIST = resolve(ROOT, "dist/outlook-addin");
export const ARTIFACTS = resolve(ROOT, "test-results/outlook");
export const MAILBOX = "admin@touchbase.local";

/** One line, printed once per file, when the browser tests cannot run here. */
export function announceSkip(what: string): void {
  if (!HAS_CHROMIUM)
    console.log(`[outlook e2e] skipped ${what}: ${CHROMIUM} is not installed (apt-get install chromium).`);
}

export function requireBuild(): void {
  for (const file of ["harness.html", "harness-taskpane.html", "graph-simulator.cjs"]) {
    if (!existsSync(resolve(DIST, file))) {
      throw new Error(
        `dist/outlook-addin/${file} is missing: run \`npm run build:outlook\` before the Outlook e2e tests.`,
      );
    }
  }
}

export async function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

/**
 * A browser profile that lets a cross-site frame keep site data, as Outlook's add-in frames need: the harness's
 * `isolate=1` mode puts the add-in on another site (its own process). Closing the context removes the profile.
 */
async function launchIsolatingContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
  const dir = mkdtempSync(resolve(tmpdir(), "touchbase-chromium-"));
  mkdirSync(resolve(dir, "Default"), { recursive: true });
  writeFileSync(
    resolve(dir, "Default/Preferences"),
    JSON.stringify({
      profile: {
        cookie_controls_mode: 0,
        block_third_party_cookies: false,
        default_content_setting_values: { cookies: 1 },
      },
    }),
  );
  const context = await chromium.launchPersistentContext(dir, {
    ...CHROMIUM_LAUNCH,
    viewport,
  });
  // Chromium may still be writing its profile as it exits; a leftover temporary folder is harmless.
  context.on("close", () => {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      /* left for the OS to clean */
    }
  });
  return context;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface Simulator {
  url: string;
  graphUrl: string;
  stop(): Promise<void>;
  /** POST/GET the simulator's control API (`/_sim/*`). */
  control<T>(method: "GET" | "POST" | "DELETE" | "PATCH", path: string, body?: unknown): Promise<T>;
}

/** Runs the built `graph-simulator.cjs` exactly as the backend does, on a free port. */
export async function startSimulator(env: Record<string, string> = {}): Promise<Simulator> {
  const sim = await startSimulatorProcess({ args: [resolve(DIST, "graph-simulator.cjs")], env });
  return {
    url: sim.url,
    graphUrl: `${sim.url}/v1.0`,
    stop: sim.stop,
    async control<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${sim.url}${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`simulator ${method} ${path} → ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

const nodeFetch = async (request: HttpRequest): Promise<HttpResponse> => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return { status: response.status, headers, body: await response.text() };
};

export interface World {
  backend: SpawnedBackend;
  sim: Simulator;
  /** The API as the admin (the harness's user), over real HTTP, for assertions. */
  api: AsyncApi;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startWorld(options: { backend?: SpawnOptions } = {}): Promise<World> {
  requireBuild();
  const backendOptions = options.backend ?? {};
  const [backend, sim, browser] = await Promise.all([
    spawnBackend({
      demo: true,
      timeoutMs: 120_000,
      ...backendOptions,
      env: { TOUCHBASE_HARNESS: "1", TOUCHBASE_GRAPH_SIMULATOR: "0", ...backendOptions.env },
    }),
    startSimulator(),
    launchBrowser(),
  ]);
  await connectSimulatedEntra(backend, sim);
  return {
    backend,
    sim,
    browser,
    api: createAsyncApi({ baseUrl: backend.url, token: backend.token }, nodeFetch),
    async stop() {
      await Promise.allSettled([browser.close(), sim.stop(), backend.stop()]);
    },
  };
}

/**
 * Puts the backend's local issuer behind the simulator's Entra, as the backend does for the simulator it starts
 * itself: the add-in then signs in through nested app authentication with tokens the backend verifies.
 */
export async function connectSimulatedEntra(backend: SpawnedBackend, sim: Simulator): Promise<void> {
  const config = (await (await fetch(`${backend.url}/harness/config.json`)).json()) as {
    issuer?: { url: string; microsoftClientId: string; tenantId: string };
  };
  if (!config.issuer)
    throw new Error("The backend runs no local token issuer (is TOUCHBASE_MICROSOFT_CLIENT_ID set?).");
  await sim.control("POST", "/_sim/entra", {
    config: {
      issuerUrl: config.issuer.url,
      tenantId: config.issuer.tenantId,
      clientIds: [config.issuer.microsoftClientId],
    },
  });
}

export function apiFor(url: string, token: string): AsyncApi {
  return createAsyncApi({ baseUrl: url, token }, nodeFetch);
}

export interface HarnessOptions {
  theme?: "light" | "dark";
  /** IndexedDB name; a fresh one gives the pane a cold cache. */
  store?: string;
  mailboxVersion?: string;
  viewport?: { width: number; height: number };
  /** Load the add-in from another site, in its own browser process, as Outlook does. */
  isolate?: boolean;
  /** Called with the page before it opens the harness (to listen from the first request). */
  beforeOpen?: (page: Page) => unknown;
  /** The server URL the add-in is given (default: the backend itself), e.g. a recording proxy in front of it. */
  apiUrl?: string;
  /** Whose Outlook it is (default the demo admin's); the simulator must have the mailbox. */
  mailbox?: string;
  /** Wait for the message list (default true; an empty mailbox has none). */
  waitForMessages?: boolean;
  /**
   * `false`: an Outlook without nested app authentication (`naa=0`): no NAA bridge, NestedAppAuth 1.1
   * unsupported, so the add-in signs in through the Office dialog API (routeEntraSignIn serves Entra's pages).
   */
  naa?: boolean;
}

/** A new browser context on the harness, pointed at this world's simulator and signed in with the admin token. */
export async function openHarness(
  world: Pick<World, "backend" | "sim" | "browser">,
  options: HarnessOptions = {},
): Promise<{ context: BrowserContext; page: Page; pane: FrameLocator }> {
  const viewport = options.viewport ?? { width: 1500, height: 950 };
  const context = options.isolate
    ? await launchIsolatingContext(viewport)
    : await world.browser.newContext({ viewport });
  const page = context.pages()[0] ?? (await context.newPage());
  await options.beforeOpen?.(page);
  const query = new URLSearchParams({
    graphUrl: world.sim.graphUrl,
    token: world.backend.token,
    store: options.store ?? `e2e-${Math.random().toString(36).slice(2)}`,
    theme: options.theme ?? "light",
  });
  if (options.mailboxVersion) query.set("mailboxVersion", options.mailboxVersion);
  if (options.apiUrl) query.set("apiUrl", options.apiUrl);
  if (options.isolate) query.set("isolate", "1");
  if (options.mailbox) query.set("mailbox", options.mailbox);
  if (options.naa === false) query.set("naa", "0");
  await page.goto(`${world.backend.url}/outlook/harness.html?${query}`);
  if (options.waitForMessages !== false)
    await page.locator("[data-testid=message-row]").first().waitFor({ timeout: 60_000 });
  const pane = page.frameLocator("[data-testid=taskpane-frame]");
  return { context, page, pane };
}

/** Clicks the first message matching `filter` in the harness's list; returns its Graph id. */
export async function selectMessage(
  page: Page,
  filter: { from?: string; subject?: string },
): Promise<string> {
  let selector = "[data-testid=message-row]";
  if (filter.from) selector += `[data-from="${filter.from}"]`;
  if (filter.subject) selector += `[data-subject="${filter.subject}"]`;
  const row = page.locator(selector).first();
  await row.scrollIntoViewIfNeeded();
  await row.click({ position: { x: 200, y: 20 } });
  return (await row.getAttribute("data-id")) ?? "";
}

export function messageState(pane: FrameLocator): Locator {
  return pane.locator("[data-testid=message-status]");
}

/** Waits until the pane shows the message with this Internet Message-ID in the given state. */
export async function waitForState(
  pane: FrameLocator,
  messageId: string,
  state: string,
  timeout = 60_000,
): Promise<void> {
  await pane
    .locator(
      `[data-testid=message-view][data-message-id="${messageId}"] [data-testid=message-status][data-state="${state}"]`,
    )
    .waitFor({ timeout });
}

/**
 * Microsoft's sign-in host, answered by the simulator's Entra (`/entra/login/…`) for every page of a context: the
 * add-in's MSAL keeps the real authority (https://login.microsoftonline.com/<tenant>), as in production, and only
 * the network answer is simulated. Redirects go back to the browser, which follows them as it would Entra's.
 */
export async function routeEntraSignIn(
  context: BrowserContext,
  sim: Pick<Simulator, "graphUrl">,
): Promise<void> {
  const origin = new URL(sim.graphUrl).origin;
  await context.route("https://login.microsoftonline.com/**", async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({
      url: `${origin}/entra/login${url.pathname}${url.search}`,
      maxRedirects: 0,
    });
    await route.fulfill({ response });
  });
}

/** A screenshot of a whole page (a dialog window, say) beside the pane's. */
export async function screenshotPage(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = resolve(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** The harness opened for one test: its browser context is closed when the steps end, whatever happened. */
export async function withHarness(
  world: Pick<World, "backend" | "sim" | "browser">,
  steps: (harness: { context: BrowserContext; page: Page; pane: FrameLocator }) => Promise<void>,
  options: HarnessOptions = {},
): Promise<void> {
  const harness = await openHarness(world, options);
  try {
    await steps(harness);
  } finally {
    await harness.context.close();
  }
}

/** Selects a customer's message in the harness and waits for the pane's customer card. */
export async function showCustomerCard(page: Page, pane: FrameLocator, from: string): Promise<void> {
  await selectMessage(page, { from });
  await pane.locator("[data-testid=customer-card]").first().waitFor({ timeout: 60_000 });
}

/** A new message from Wile E. Coyote (Acme) in the demo mailbox's Inbox, with this HTML body. */
export async function addInboxMessage(
  world: Pick<World, "sim">,
  message: { subject: string; messageId: string; html: string },
): Promise<void> {
  await world.sim.control("POST", "/_sim/messages", {
    mailbox: MAILBOX,
    folder: "inbox",
    from: "Wile E. Coyote <wile.coyote@acme.com>",
    to: [`Alex Admin <${MAILBOX}>`],
    subject: message.subject,
    html: message.html,
    internetMessageId: message.messageId,
  });
}

/**
 * Opens the message in the harness, syncs it from the pane, and opens it again from the customer's history in
 * the pane's email viewer; returns the viewer's frame (the element, and its document).
 */
export async function syncAndView(
  page: Page,
  pane: FrameLocator,
  message: { subject: string; messageId: string },
): Promise<{ frame: Locator; email: FrameLocator }> {
  await page.locator("[data-testid=folder]", { hasText: "Inbox" }).click();
  await selectMessage(page, { subject: message.subject });
  await waitForState(pane, message.messageId, "not-synced");
  await pane.locator("[data-testid=sync-message]").click();
  await waitForState(pane, message.messageId, "synced");
  await pane.locator("[data-testid=history-item]", { hasText: message.subject }).first().click();
  const frame = pane.locator("[data-testid=email-frame]");
  await frame.waitFor({ timeout: 30_000 });
  return { frame, email: pane.frameLocator("[data-testid=email-frame]") };
}

export async function screenshotPane(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = resolve(ARTIFACTS, `${name}.png`);
  await page.locator("[data-testid=taskpane-frame]").screenshot({ path });
  return path;
}

/**
 * Every email the backend holds for the workspace's customers, once per stored email (an email shared by two
 * customers is listed under both, so they are merged by id). Two entries with one Message-ID are a duplicate.
 */
export async function storedEmails(api: AsyncApi): Promise<{ id: string; messageId: string }[]> {
  const byId = new Map<string, string>();
  let cursor: string | undefined;
  const customers = [];
  do {
    const page = await api.customers({ cursor, limit: 100 });
    customers.push(...page.customers);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  for (const customer of customers) {
    let emailCursor: string | undefined;
    do {
      const page = await api.customerEmails({ customerId: customer.id, cursor: emailCursor, limit: 100 });
      for (const e of page.emails) byId.set(e.id, e.messageId ?? "");
      emailCursor = page.nextCursor ?? undefined;
    } while (emailCursor);
  }
  return [...byId.entries()].map(([id, messageId]) => ({ id, messageId }));
}
