// Who sees what (issue 12) on the rendered add-in surfaces: one customer email synced by Dana, read by Dana, by a
// colleague (Fox) and by an admin colleague (Alex). The Outlook harness test and the Gmail simulator test seed it
// here once, over the real API, then switch the workspace's tier and the thread's privacy between cells and
// re-render. What each viewer must see is written out by hand in those tests, not derived from the rule.
import type { SpawnedBackend } from "./spawn-backend";
import { DEMO_WORKSPACE } from "./demo-workspace";

export const VISIBILITY_TIERS = ["full", "subject", "metadata"] as const;
export type Tier = (typeof VISIBILITY_TIERS)[number];
/** What one viewer may see of Dana's email, from most to least. */
export type Access = "full" | "subject" | "metadata" | "private";

/** The demo team's members (backend/src/demo/demo-conversations.ts): Dana syncs, Fox and the admin read. */
export const VIEWERS = {
  syncer: { name: "Dana Scully", email: "dana.scully@northwind-cs.com" },
  colleague: { name: "Fox Mulder", email: "fox.mulder@northwind-cs.com" },
  admin: { name: DEMO_WORKSPACE.adminName, email: DEMO_WORKSPACE.adminEmail },
} as const;
export type ViewerRole = keyof typeof VIEWERS;

export const VIS_CUSTOMER = { name: "Quillwork", domains: ["quillwork.test"] } as const;
export const VIS_CONTACT = { name: "Wile Quill", address: "wile@quillwork.test" } as const;

/** Dana's email: every part a colleague may or may not see is a distinct, searchable text. */
export const DANA_EMAIL = {
  messageId: "<renewal-2027@quillwork.test>",
  from: `${VIS_CONTACT.name} <${VIS_CONTACT.address}>`,
  to: `${VIEWERS.syncer.name} <${VIEWERS.syncer.email}>, Lee Counsel <lee@counsel-firm.test>`,
  subject: "Renewal terms for 2027",
  text: "Our budget is 40k, please keep it between us.",
  /** A participant beyond the customer (and beyond Dana). */
  outsider: "lee@counsel-firm.test",
} as const;

/** The rule, stated for three people: the syncer reads everything; a colleague a private thread's date, else the tier. */
export function accessOf(role: ViewerRole, tier: Tier, isPrivate: boolean): Access {
  if (role === "syncer") return "full";
  return isPrivate ? "private" : tier;
}

export const CELLS = VISIBILITY_TIERS.flatMap((tier) =>
  [false, true].map((isPrivate) => ({ tier, isPrivate })),
);

interface Call {
  (method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

function caller(url: string, token: string): Call {
  return async (method, path, body) => {
    const response = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
}

/** Google's ID token for a member, from the backend's local issuer (as the Gmail add-on signs in). */
async function googleToken(backend: SpawnedBackend, email: string): Promise<string> {
  const config = (await (await fetch(`${backend.url}/harness/config.json`)).json()) as {
    issuer?: { url: string; googleClientId: string };
  };
  if (!config.issuer) throw new Error("The backend runs no local token issuer.");
  const response = await fetch(`${config.issuer.url}/mint/google`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      sub: `google-${email.toLowerCase()}`,
      email,
      audience: config.issuer.googleClientId,
    }),
  });
  if (!response.ok) throw new Error(`minting a token for ${email}: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

export interface VisibilityWorld {
  emailId: string;
  /** Sets the workspace's tier (as the admin) and the thread's privacy (as Dana) for one cell of the matrix. */
  setCell(cell: { tier: Tier; isPrivate: boolean }): Promise<void>;
  /** Back to the workspace's default, shared. */
  reset(): Promise<void>;
}

/** Creates the customer (as the admin) and stores Dana's email (as Dana, signed in with Google), once. */
export async function seedVisibilityWorld(backend: SpawnedBackend, sentAt: Date): Promise<VisibilityWorld> {
  const admin = caller(backend.url, backend.token);
  const dana = caller(backend.url, await googleToken(backend, VIEWERS.syncer.email));
  await admin("POST", "/customers", { ...VIS_CUSTOMER, domains: [...VIS_CUSTOMER.domains] });
  const { messageId, from, to, subject, text } = DANA_EMAIL;
  const stored = (await dana("POST", "/emails/batch", {
    emails: [{ messageId, from, to, subject, text, sentAt: sentAt.toISOString(), source: "gmail" }],
  })) as { body: { results: { status: string; emailId?: string; reason?: string }[] } };
  const [result] = stored.body.results;
  if (result?.status !== "stored" || !result.emailId) {
    throw new Error(`Dana's email was not stored: ${JSON.stringify(result)}`);
  }
  const emailId = result.emailId;
  const setCell: VisibilityWorld["setCell"] = async ({ tier, isPrivate }) => {
    await admin("PATCH", "/workspace", { visibility: tier });
    await dana("PATCH", `/emails/${emailId}`, { private: isPrivate });
  };
  return { emailId, setCell, reset: () => setCell({ tier: "full", isPrivate: false }) };
}
