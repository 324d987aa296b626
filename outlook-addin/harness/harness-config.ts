// Where the harness finds its world: the backend's `/harness/config.json` (a harness token minted at each
// start), with query-string overrides so tests can point it at their own backend or Graph simulator.

import { HarnessServedConfigSchema, type HarnessServedConfig } from "../../shared";

/** The backend's answer, resolved with the address's overrides. */
export interface HarnessConfig extends Omit<HarnessServedConfig, "issuer" | "token"> {
  /** The harness's API token (scripts and tests); the add-in itself signs in through the simulated Entra. */
  token: string;
  /** The Entra app and tenant the backend's local issuer stands in for (from its `issuer`), or null. */
  entra: { clientId: string; tenantId: string } | null;
  theme: "light" | "dark";
  /** Highest Mailbox requirement set to simulate (default 1.15). */
  mailboxVersion: string;
  /** The IndexedDB name the add-in uses here. */
  storeName: string;
}

export class HarnessConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HarnessConfigError";
  }
}

function str(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

export function parseHarnessConfig(raw: unknown, query: URLSearchParams): HarnessConfig {
  // Each field on its own: the address may supply what the backend's answer lacks.
  const parsed = HarnessServedConfigSchema.partial().safeParse(raw);
  const base: Partial<HarnessServedConfig> = parsed.success ? parsed.data : {};
  const apiUrl = str(query.get("apiUrl")) ?? str(base.apiUrl);
  const token = str(query.get("token")) ?? str(base.token) ?? "";
  const mailbox = str(query.get("mailbox")) ?? str(base.mailbox);
  if (!apiUrl || !mailbox) {
    throw new HarnessConfigError(
      "The harness needs the backend's /harness/config.json (start it with `npm start`) or apiUrl and mailbox in the address.",
    );
  }
  const clientId = str(query.get("entraClientId")) ?? str(base.issuer?.microsoftClientId);
  const tenantId = str(query.get("entraTenant")) ?? str(base.issuer?.tenantId);
  const graphRaw = query.has("graphUrl") ? str(query.get("graphUrl")) : str(base.graphUrl);
  // The backend reports the simulator's origin; the add-in wants Graph's versioned base.
  const graphUrl = graphRaw ? `${graphRaw.replace(/\/+$/, "").replace(/\/v1\.0$/, "")}/v1.0` : null;
  const version = str(query.get("mailboxVersion")) ?? "1.15";
  if (!/^1\.\d{1,2}$/.test(version))
    throw new HarnessConfigError(`mailboxVersion must look like 1.13, got "${version}".`);
  return {
    apiUrl,
    graphUrl,
    token,
    entra: clientId && tenantId ? { clientId, tenantId } : null,
    mailbox,
    workspace: str(base.workspace) ?? "",
    theme: query.get("theme") === "dark" ? "dark" : "light",
    mailboxVersion: version,
    storeName: str(query.get("store")) ?? `touchbase-harness:${mailbox}`,
  };
}

export async function loadHarnessConfig(location: Location): Promise<HarnessConfig> {
  const query = new URLSearchParams(location.search);
  let raw: unknown = null;
  try {
    const response = await fetch(new URL("/harness/config.json", location.origin), { cache: "no-store" });
    if (response.ok) raw = await response.json();
  } catch {
    raw = null; // served without the backend (dev:outlook): the query string must say everything
  }
  return parseHarnessConfig(raw, query);
}
