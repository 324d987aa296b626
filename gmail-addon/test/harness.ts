// One place that wires a test or the benchmark together: the real backend (spawned, with the demo workspace),
// a simulated Gmail mailbox, and the built add-on running in the Apps Script simulator, reaching the backend
// through the public URL its manifest allows.
import { resolve } from "node:path";
import { spawnBackend, type SpawnedBackend } from "../../dev/spawn-backend";
import { AppsScriptSandbox, type SandboxOptions } from "../simulator/apps-script-sandbox";
import type { IdentitySource } from "../simulator/script-services";
import { addFixtureEmails, Mailbox } from "../simulator/mailbox";
import {
  generateThreads,
  MARKUP_CUSTOMER,
  SIM_USER,
  type GenerateOptions,
  type GeneratedMailbox,
} from "../simulator/mailbox-generator";
import { Sidebar } from "../simulator/sidebar";
import type { Network } from "../simulator/url-fetch-app";
import { ensureBuilt } from "./ensure-built";
import { backendApi } from "./backend-api";
import type { CustomerCreate } from "../../shared";

/** Creates a customer in the demo workspace unless one with its name exists (backends can be shared). */
async function ensureCustomer(backend: SpawnedBackend, customer: CustomerCreate): Promise<void> {
  const api = backendApi(backend);
  const { customers } = await api.customers({ q: customer.name, limit: 10 });
  if (!customers.some((c) => c.name === customer.name)) await api.createCustomer(customer);
}

/**
 * Google sign-in for the simulated user: the backend's local token issuer stands in for Google, and the harness
 * config (loopback only) names the OAuth client id the backend accepts.
 */
async function identitySource(backend: SpawnedBackend): Promise<IdentitySource> {
  const config = (await (await fetch(`${backend.url}/harness/config.json`)).json()) as {
    issuer?: { url: string; googleClientId: string };
  };
  if (!config.issuer)
    throw new Error("The backend runs no local token issuer (is TOUCHBASE_GOOGLE_CLIENT_ID set?).");
  return { issuerUrl: config.issuer.url, audience: config.issuer.googleClientId };
}

const ROOT = resolve(import.meta.dirname, "../..");
export const FIXTURE_DIR = resolve(ROOT, "shared/fixtures/eml");

export interface Harness {
  backend: SpawnedBackend;
  publicUrl: string;
  mailbox: Mailbox;
  generated: GeneratedMailbox;
  sandbox: AppsScriptSandbox;
  network: Network;
  /** Where the simulated user's Google ID tokens come from (the backend's local issuer). */
  identity: IdentitySource;
  sidebar(): Sidebar;
  /** Another member's Gmail on the same mailbox, backend and network (closed with the harness). */
  sandboxAs(userEmail: string): AppsScriptSandbox;
  /** Connects through the homepage, as a user would. */
  connect(sidebar?: Sidebar): Sidebar;
  /** Makes the backend unreachable (or reachable again) for the add-on. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  generate?: Omit<GenerateOptions, "labels"> & { labels?: string[] };
  fixtures?: boolean;
  account?: SandboxOptions["account"];
  backend?: SpawnedBackend;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  await ensureBuilt();
  const backend = options.backend ?? (await spawnBackend({ demo: true }));
  await ensureCustomer(backend, MARKUP_CUSTOMER);
  const mailbox = new Mailbox();
  if (options.fixtures ?? true) await addFixtureEmails(mailbox, FIXTURE_DIR);
  const generated = generateThreads(mailbox, {
    threads: 40,
    labels: ["Customers"],
    ...options.generate,
  });
  const probe = new AppsScriptSandbox({
    mailbox,
    userEmail: SIM_USER.email,
    network: { routes: new Map(), down: new Set() },
  });
  const publicUrl = probe.manifest.urlFetchWhitelist?.[0] ?? "";
  await probe.close();
  const network: Network = { routes: new Map([[publicUrl, `${backend.url}/`]]), down: new Set() };
  const identity = await identitySource(backend);
  const sandboxFor = (userEmail: string) =>
    new AppsScriptSandbox({ mailbox, userEmail, network, account: options.account, identity });
  const sandbox = sandboxFor(SIM_USER.email);
  const others: AppsScriptSandbox[] = [];
  return {
    backend,
    publicUrl,
    mailbox,
    generated,
    sandbox,
    network,
    identity,
    sidebar: () => new Sidebar(sandbox),
    sandboxAs(userEmail) {
      const other = sandboxFor(userEmail);
      others.push(other);
      return other;
    },
    connect(sidebar = new Sidebar(sandbox)) {
      sidebar.openHomepage();
      sidebar.click("Sign in", { serverUrl: [publicUrl] });
      return sidebar;
    },
    setDown(down) {
      if (down) network.down.add(publicUrl);
      else network.down.delete(publicUrl);
    },
    async close() {
      await Promise.all([sandbox, ...others].map((s) => s.close()));
      if (!options.backend) await backend.stop();
    },
  };
}
