// Microsoft Entra ID as Outlook's nested app authentication (NAA) broker answers the add-in: the harness's fake
// Office gives the add-in a `window.nestedAppAuthBridge`, the real MSAL library talks to it, and the bridge
// forwards each `GetToken` / `GetTokenPopup` request here (`POST /entra/naa`). Tokens for Touchbase's own API are
// minted by the backend's LOCAL ISSUER (`POST <issuer>/mint/microsoft`) with Microsoft's v2.0 claim set
// (`iss` = `<authority host>/<tid>/v2.0`, `aud` = the client id, `tid`, `oid`, `preferred_username`, `scp`), so the
// backend verifies them exactly as it verifies Entra's; Graph scopes get this simulator's own Graph token.
//
// Failures a test can ask for (`POST /_sim/entra` with `{ failures: [...] }`):
//   consent_required, interaction_required — silent requests fail with USER_INTERACTION_REQUIRED (MSAL's
//                                            InteractionRequiredAuthError) until the user completes a popup, as
//                                            Entra keeps asking until consent is given
//   graph_consent_required                 — the same, for Graph's scopes only (Mail.Read): Touchbase's own token
//                                            comes silently, folder sync's needs the user, until a Graph popup
//   user_cancel                            — the next popup fails with USER_CANCEL (the user closed it); once each
//   expired                                — the next token is already expired (`exp` 10 minutes ago, beyond the
//                                            backend's 5 minutes of skew), as a token cached across a laptop's
//                                            sleep is; the add-in must renew it silently; once each
import { createHash } from "node:crypto";
import { z } from "zod";
import type { GraphResponse } from "./graph-routes";

export const ENTRA_FAILURES = [
  "consent_required",
  "interaction_required",
  "graph_consent_required",
  "user_cancel",
  "expired",
] as const;
export type EntraFailure = (typeof ENTRA_FAILURES)[number];

const EntraConfig = z.object({
  /** The backend's local issuer (its `/mint/microsoft` endpoint signs the tokens). */
  issuerUrl: z.string().url(),
  tenantId: z.string().min(1),
  /** The Entra app (client) ids the simulated tenant knows; a token for any other app is refused. */
  clientIds: z.array(z.string().min(1)).min(1),
});
export type EntraConfig = z.infer<typeof EntraConfig>;

const Control = z.object({
  config: EntraConfig.optional(),
  failures: z.array(z.enum(ENTRA_FAILURES)).max(20).optional(),
  clear: z.boolean().optional(),
});

const NaaRequest = z.object({
  method: z.enum(["GetToken", "GetTokenPopup"]),
  mailbox: z.string().min(3),
  name: z.string().optional(),
  tokenParams: z.object({
    clientId: z.string(),
    scope: z.string().default(""),
    forceRefresh: z.boolean().optional(),
  }),
});

export const TOKEN_TTL_S = 3600;

export interface IssueRequest {
  method: "GetToken" | "GetTokenPopup";
  mailbox: string;
  name?: string;
  clientId: string;
  scope: string;
  /** The sign-in request's nonce, echoed in the ID token (MSAL checks it on the redirect path). */
  nonce?: string;
}

export type IssueResult =
  | {
      ok: true;
      accessToken: string;
      idToken: string;
      scope: string;
      oid: string;
      tenantId: string;
      name: string;
    }
  | { ok: false; status: string; code: string; description: string };
const GRAPH_SCOPES = /(^|\s)(https:\/\/graph\.microsoft\.com\/)?(Mail\.Read|User\.Read)(\s|$)/i;

/** A stable object id per mailbox, shaped like Entra's (a GUID). */
function objectIdOf(mailbox: string): string {
  const h = createHash("sha256").update(mailbox.toLowerCase()).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A JSON value as base64url, as Entra encodes a token's parts and `client_info`. */
export const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export interface SimulatedEntraDeps {
  /** The simulator's own Graph token for a mailbox (for Graph scopes), or null for an unknown mailbox. */
  graphToken(mailbox: string): string | null;
  fetch?: typeof fetch;
}

export class SimulatedEntra {
  private config: EntraConfig | null;
  /** Silent sign-in needs the user (consent or interaction) until a popup succeeds. */
  private interaction: "consent_required" | "interaction_required" | null = null;
  /** Graph's scopes need the user's consent until a Graph popup succeeds. */
  private graphConsent = false;
  private cancelPopups = 0;
  private expireTokens = 0;
  /** Touchbase tokens handed out, by bridge method (the tests count silent renewals and popups). */
  readonly issued = { GetToken: 0, GetTokenPopup: 0 };
  /** Graph tokens handed out (folder sync's `Mail.Read`). */
  graphIssued = 0;
  /** Entra's redirect flow (the Office dialog's sign-in): codes given, codes redeemed, refresh-token grants. */
  readonly redirectFlow = { codes: 0, redeemed: 0, refreshed: 0 };
  readonly refused: { method: string; status: string; code: string }[] = [];

  constructor(
    private readonly deps: SimulatedEntraDeps,
    config: EntraConfig | null = null,
  ) {
    this.config = config;
  }

  /** `/_sim/entra`: GET the state, POST `{ config?, failures?, clear? }`. */
  control(method: string, body: unknown): GraphResponse {
    if (method === "POST") {
      const parsed = Control.safeParse(body ?? {});
      if (!parsed.success) return { status: 400, body: { error: parsed.error.issues[0]?.message } };
      if (parsed.data.config) this.config = parsed.data.config;
      if (parsed.data.clear) {
        [this.interaction, this.cancelPopups, this.expireTokens] = [null, 0, 0];
        this.graphConsent = false;
      }
      for (const failure of parsed.data.failures ?? []) {
        if (failure === "user_cancel") this.cancelPopups++;
        else if (failure === "graph_consent_required") this.graphConsent = true;
        else if (failure === "expired") this.expireTokens++;
        else this.interaction = failure;
      }
    } else if (method !== "GET") {
      return { status: 405, body: { error: "GET or POST" } };
    }
    return {
      status: 200,
      body: {
        configured: this.config !== null,
        tenantId: this.config?.tenantId ?? null,
        pendingFailures: [
          ...(this.interaction ? [this.interaction] : []),
          ...(this.graphConsent ? ["graph_consent_required"] : []),
          ...Array<string>(this.cancelPopups).fill("user_cancel"),
          ...Array<string>(this.expireTokens).fill("expired"),
        ],
        issued: { ...this.issued },
        graphIssued: this.graphIssued,
        redirectFlow: { ...this.redirectFlow },
        refused: [...this.refused],
      },
    };
  }

  /** `POST /entra/naa`: the bridge's token request → NAA's response envelope (without `requestId`). */
  async token(body: unknown): Promise<GraphResponse> {
    const parsed = NaaRequest.safeParse(body);
    if (!parsed.success)
      return this.fail("bridge", "PERSISTENT_ERROR", "invalid_request", "Malformed request.");
    const { method, mailbox, tokenParams } = parsed.data;
    const issued = await this.issue({
      method,
      mailbox,
      name: parsed.data.name,
      clientId: tokenParams.clientId,
      scope: tokenParams.scope,
    });
    if (!issued.ok) return this.fail(method, issued.status, issued.code, issued.description);
    return {
      status: 200,
      body: {
        success: true,
        token: {
          access_token: issued.accessToken,
          id_token: issued.idToken,
          // An expired token is reported with a full lifetime, so MSAL caches it as a slept-through one would be.
          expires_in: TOKEN_TTL_S,
          scope: issued.scope,
          token_type: "Bearer",
        },
        account: {
          homeAccountId: `${issued.oid}.${issued.tenantId}`,
          environment: "login.microsoftonline.com",
          tenantId: issued.tenantId,
          username: mailbox,
          localAccountId: issued.oid,
          name: issued.name,
        },
      },
    };
  }

  /**
   * One token, by the simulated tenant's rules: `GetToken` is a silent request (NAA's, or a refresh token's),
   * `GetTokenPopup` one the user went through (NAA's popup, or Entra's sign-in page in the dialog). Entra's
   * sign-in page (simulated-entra-login.ts) asks here too, so both paths share every rule and counter.
   */
  async issue(request: IssueRequest): Promise<IssueResult> {
    const { method, mailbox, clientId } = request;
    const refuse = (status: string, code: string, description: string): IssueResult => ({
      ok: false,
      status,
      code,
      description,
    });
    const config = this.config;
    if (!config) {
      return refuse(
        "PERSISTENT_ERROR",
        "not_configured",
        "The simulated Entra has no local issuer configured (POST /_sim/entra with config).",
      );
    }
    if (!config.clientIds.includes(clientId)) {
      return refuse(
        "PERSISTENT_ERROR",
        "invalid_client",
        `AADSTS700016: Application with identifier '${clientId}' was not found in the directory.`,
      );
    }
    if (method === "GetToken" && this.interaction) {
      const why =
        this.interaction === "consent_required"
          ? "AADSTS65001: The user or administrator has not consented to use the application."
          : "AADSTS50058: A silent sign-in request was sent but no user is signed in.";
      return refuse("USER_INTERACTION_REQUIRED", this.interaction, why);
    }
    const graph = GRAPH_SCOPES.test(request.scope);
    if (method === "GetToken" && graph && this.graphConsent) {
      return refuse(
        "USER_INTERACTION_REQUIRED",
        "consent_required",
        "AADSTS65001: The user or administrator has not consented to use the application with Mail.Read.",
      );
    }
    if (method === "GetTokenPopup" && this.cancelPopups > 0) {
      this.cancelPopups--;
      return refuse("USER_CANCEL", "user_cancel", "The user closed the sign-in window.");
    }
    // The user went through the sign-in (and consent): silent works from now on.
    if (method === "GetTokenPopup") this.interaction = null;
    if (method === "GetTokenPopup" && graph) this.graphConsent = false;
    // An expired token is one of Touchbase's (the backend is what refuses it); Graph's are the simulator's own.
    const expired = !graph && this.expireTokens > 0;
    if (expired) this.expireTokens--;

    const scope = request.scope.trim();
    const oid = objectIdOf(mailbox);
    const name = request.name ?? mailbox.split("@")[0];
    let accessToken: string;
    if (graph) {
      const graph = this.deps.graphToken(mailbox);
      if (!graph) return refuse("ACCOUNT_UNAVAILABLE", "unknown_mailbox", "Unknown mailbox.");
      accessToken = graph;
    } else {
      const minted = await this.mint(config, { oid, mailbox, name, clientId, scope, expired });
      if (!minted) return refuse("TRANSIENT_ERROR", "issuer_unreachable", "The local issuer did not answer.");
      accessToken = minted;
    }
    if (graph) this.graphIssued++;
    else this.issued[method]++;
    const now = Math.floor(Date.now() / 1000);
    // The ID token only tells MSAL who signed in (it never verifies it): unsigned, with Entra's claims.
    const idToken = `${b64url({ alg: "none", typ: "JWT" })}.${b64url({
      aud: clientId,
      iss: `https://login.microsoftonline.com/${config.tenantId}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + TOKEN_TTL_S,
      name,
      oid,
      preferred_username: mailbox,
      sub: `sub-${oid}`,
      tid: config.tenantId,
      ver: "2.0",
      ...(request.nonce ? { nonce: request.nonce } : {}),
    })}.`;
    return { ok: true, accessToken, idToken, scope, oid, tenantId: config.tenantId, name };
  }

  /** Touchbase's token, signed by the backend's local issuer with Microsoft's v2.0 claims. */
  private async mint(
    config: EntraConfig,
    t: { oid: string; mailbox: string; name: string; clientId: string; scope: string; expired: boolean },
  ): Promise<string | null> {
    const now = Math.floor(Date.now() / 1000);
    const response = await (this.deps.fetch ?? fetch)(`${config.issuerUrl}/mint/microsoft`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        tid: config.tenantId,
        oid: t.oid,
        email: t.mailbox,
        name: t.name,
        audience: t.clientId,
        scp: t.scope.split("/").pop() || "access_as_user",
        ...(t.expired
          ? { claims: { iat: now - TOKEN_TTL_S - 600, nbf: now - TOKEN_TTL_S - 600, exp: now - 600 } }
          : {}),
      }),
    }).catch(() => null);
    const minted = (await response?.json().catch(() => null)) as { token?: string } | null;
    return minted?.token ?? null;
  }

  /** Whether the simulated tenant knows this app (client) id. */
  knowsApp(clientId: string): boolean {
    return this.config?.clientIds.includes(clientId) ?? false;
  }

  /** Records a refusal of Entra's sign-in page or token endpoint (the tests read them like NAA's). */
  noteRefusal(method: string, status: string, code: string): void {
    this.refused.push({ method, status, code });
  }

  private fail(method: string, status: string, code: string, description: string): GraphResponse {
    this.noteRefusal(method, status, code);
    return { status: 200, body: { success: false, error: { status, code, description } } };
  }
}
