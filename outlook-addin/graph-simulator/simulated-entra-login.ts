// Microsoft Entra ID's sign-in endpoints, as MSAL's redirect flow uses them: the path of Outlook clients without
// nested app authentication, whose Office dialog (auth-dialog.html) signs in with a redirect, as Microsoft's NAA
// samples fall back. Served under `/entra/login/`; the e2e tests route `https://login.microsoftonline.com/*` there,
// so the add-in and its MSAL keep Microsoft's real authority and only the network answer is simulated.
//
//   GET  /{tenant}/v2.0/.well-known/openid-configuration   endpoint metadata (MSAL reads it before redirecting)
//   GET  /{tenant}/oauth2/v2.0/authorize                    the sign-in page (prompt=none: an answer, no page)
//   POST /{tenant}/oauth2/v2.0/authorize                    the page's form → a code at the redirect URI
//   POST /{tenant}/oauth2/v2.0/token                        authorization_code (PKCE S256) and refresh_token
//
// Tokens come from SimulatedEntra.issue, the NAA broker's own rules: the page's sign-in counts as a popup (it
// clears pending consent), a refresh is a silent request (pending consent refuses it with Entra's invalid_grant).
import { createHash, randomBytes } from "node:crypto";
import type { IssueResult, SimulatedEntra } from "./simulated-entra";
import { b64url, TOKEN_TTL_S } from "./simulated-entra";

export const LOGIN_PREFIX = "/entra/login";
const AUTHORITY_HOST = "https://login.microsoftonline.com";
const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);
const CODE_TTL_MS = 5 * 60_000;

export interface LoginResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  mailbox: string;
  issued: Extract<IssueResult, { ok: true }>;
  expiresAt: number;
}

const json = (status: number, body: unknown): LoginResponse => ({
  status,
  headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  body: JSON.stringify(body),
});
/** MSAL's `client_info`: who signed in, in which tenant. */
const clientInfo = (issued: { oid: string; tenantId: string }) =>
  b64url({ uid: issued.oid, utid: issued.tenantId });
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The resource scope of a request (MSAL adds OpenID Connect's own to every one). */
function resourceScope(scope: string): string {
  return scope
    .split(/\s+/)
    .filter((s) => s && !OIDC_SCOPES.has(s.toLowerCase()))
    .join(" ");
}

/** A redirect URI the app registered: the sign-in dialog page, on https or a loopback address. */
function registeredRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    return (url.protocol === "https:" || loopback) && /auth-dialog\.html$/.test(url.pathname);
  } catch {
    return false;
  }
}

export class SimulatedEntraLogin {
  private codes = new Map<string, PendingCode>();
  private refreshTokens = new Map<string, { clientId: string; mailbox: string; name: string }>();

  constructor(
    private readonly entra: SimulatedEntra,
    private readonly knowsMailbox: (mailbox: string) => boolean,
  ) {}

  async handle(method: string, url: URL, raw: string): Promise<LoginResponse> {
    const path = url.pathname.slice(LOGIN_PREFIX.length);
    const m =
      /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/(authorize|token))$/.exec(path);
    if (!m) return json(404, { error: "not_found", error_description: "Not an endpoint of this Entra." });
    const tenant = m[1];
    if (m[2].startsWith("v2.0")) return json(200, this.metadata(tenant));
    const form = method === "POST" ? new URLSearchParams(raw) : url.searchParams;
    if (m[3] === "token") {
      if (method !== "POST") return json(405, { error: "invalid_request" });
      return this.token(form);
    }
    return method === "POST" ? this.signIn(tenant, form) : this.authorizePage(tenant, form);
  }

  private metadata(tenant: string) {
    const base = `${AUTHORITY_HOST}/${tenant}`;
    return {
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      code_challenge_methods_supported: ["S256"],
      tenant_region_scope: null,
      cloud_instance_name: "microsoftonline.com",
      cloud_graph_host_name: "graph.windows.net",
      msgraph_host: "graph.microsoft.com",
    };
  }

  /** What is wrong with an authorize request, as Entra's error page says it; null when it can go on. */
  private requestProblem(form: URLSearchParams): string | null {
    const clientId = form.get("client_id") ?? "";
    if (!this.entra.knowsApp(clientId))
      return `AADSTS700016: Application with identifier '${clientId}' was not found in the directory.`;
    if (!registeredRedirect(form.get("redirect_uri") ?? ""))
      return "AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.";
    if (form.get("response_type") !== "code" || form.get("code_challenge_method") !== "S256")
      return "AADSTS900144: The request must ask for a code with a PKCE S256 challenge.";
    if (!form.get("code_challenge")) return "AADSTS900144: The request body must contain 'code_challenge'.";
    return null;
  }

  private authorizePage(
    tenant: string,
    form: URLSearchParams,
    error = "",
  ): Promise<LoginResponse> | LoginResponse {
    const problem = this.requestProblem(form);
    if (problem)
      return page(400, "Sorry, but we're having trouble signing you in.", `<p>${escapeHtml(problem)}</p>`);
    // Silent (MSAL's hidden frame): an answer without a page, as Entra gives one.
    if (form.get("prompt") === "none") return this.silentAnswer(form);
    const fields = [...form.entries()]
      .filter(([key]) => key !== "login" && key !== "action")
      .map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`)
      .join("");
    const hint = escapeHtml(form.get("login_hint") ?? "");
    return page(
      200,
      "Sign in",
      `<p class="app">to continue to Touchbase (tenant ${escapeHtml(tenant)})</p>
      <form method="post" action="">
        ${fields}
        <label for="login">Email, phone, or Skype</label>
        <input id="login" name="login" type="email" value="${hint}" autocomplete="username" data-testid="entra-login" required>
        ${error ? `<p class="error" role="alert" data-testid="entra-error">${escapeHtml(error)}</p>` : ""}
        <div class="buttons">
          <button type="submit" name="action" value="cancel" formnovalidate data-testid="entra-cancel">Cancel</button>
          <button type="submit" name="action" value="sign-in" class="primary" data-testid="entra-sign-in">Sign in</button>
        </div>
      </form>
      <p class="note">Simulated Microsoft Entra ID (the Outlook harness). No password: this stands in for Microsoft's sign-in and consent.</p>`,
    );
  }

  /** The page's form: the user signed in (and consented), or cancelled. */
  private async signIn(tenant: string, form: URLSearchParams): Promise<LoginResponse> {
    const problem = this.requestProblem(form);
    if (problem)
      return page(400, "Sorry, but we're having trouble signing you in.", `<p>${escapeHtml(problem)}</p>`);
    if (form.get("action") === "cancel") {
      this.entra.noteRefusal("SignInPage", "USER_CANCEL", "access_denied");
      return answer(form, {
        error: "access_denied",
        error_subcode: "cancel",
        error_description: "AADSTS50058: The user cancelled the sign-in.",
      });
    }
    const mailbox = (form.get("login") ?? "").trim().toLowerCase();
    if (!this.knowsMailbox(mailbox)) {
      return this.authorizePage(
        tenant,
        form,
        "We couldn't find an account with that username. Try another, or use the mailbox the harness opened.",
      );
    }
    return this.codeFor(form, mailbox, "GetTokenPopup");
  }

  private async silentAnswer(form: URLSearchParams): Promise<LoginResponse> {
    const mailbox = (form.get("login_hint") ?? "").trim().toLowerCase();
    if (!this.knowsMailbox(mailbox))
      return answer(form, {
        error: "login_required",
        error_description: "AADSTS50058: No user is signed in.",
      });
    return this.codeFor(form, mailbox, "GetToken");
  }

  private async codeFor(
    form: URLSearchParams,
    mailbox: string,
    method: "GetToken" | "GetTokenPopup",
  ): Promise<LoginResponse> {
    const clientId = form.get("client_id") ?? "";
    const issued = await this.entra.issue({
      method,
      mailbox,
      clientId,
      scope: resourceScope(form.get("scope") ?? ""),
      nonce: form.get("nonce") ?? undefined,
    });
    if (!issued.ok) {
      this.entra.noteRefusal("SignInPage", issued.status, issued.code);
      const error = issued.status === "USER_INTERACTION_REQUIRED" ? issued.code : "access_denied";
      return answer(form, { error, error_description: issued.description });
    }
    const code = randomBytes(24).toString("base64url");
    this.codes.set(code, {
      clientId,
      redirectUri: form.get("redirect_uri") ?? "",
      codeChallenge: form.get("code_challenge") ?? "",
      mailbox,
      issued,
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    this.entra.redirectFlow.codes++;
    return answer(form, {
      code,
      client_info: clientInfo(issued),
      session_state: randomBytes(8).toString("hex"),
    });
  }

  private async token(form: URLSearchParams): Promise<LoginResponse> {
    const clientId = form.get("client_id") ?? "";
    if (!this.entra.knowsApp(clientId)) {
      return json(400, {
        error: "unauthorized_client",
        error_description: `AADSTS700016: Application with identifier '${clientId}' was not found in the directory.`,
      });
    }
    const grant = form.get("grant_type");
    if (grant === "authorization_code") return this.redeemCode(form, clientId);
    if (grant === "refresh_token") return this.refresh(form, clientId);
    return json(400, {
      error: "unsupported_grant_type",
      error_description: "AADSTS70003: Unsupported grant.",
    });
  }

  private redeemCode(form: URLSearchParams, clientId: string): LoginResponse {
    const code = form.get("code") ?? "";
    const pending = this.codes.get(code);
    this.codes.delete(code); // a code is redeemed once, whatever happens
    const invalid = (description: string) =>
      json(400, { error: "invalid_grant", error_description: description });
    if (!pending || pending.expiresAt < Date.now() || pending.clientId !== clientId)
      return invalid("AADSTS70008: The provided authorization code has expired or was already redeemed.");
    if (pending.redirectUri !== form.get("redirect_uri"))
      return invalid("AADSTS50148: The redirect_uri does not match the one of the authorization request.");
    const verifier = form.get("code_verifier") ?? "";
    if (createHash("sha256").update(verifier).digest("base64url") !== pending.codeChallenge)
      return invalid(
        "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.",
      );
    this.entra.redirectFlow.redeemed++;
    return this.tokens(pending.issued, clientId, pending.mailbox);
  }

  private async refresh(form: URLSearchParams, clientId: string): Promise<LoginResponse> {
    const held = this.refreshTokens.get(form.get("refresh_token") ?? "");
    if (!held || held.clientId !== clientId) {
      return json(400, {
        error: "invalid_grant",
        error_description: "AADSTS9002313: Invalid request. The refresh token is malformed or not valid.",
      });
    }
    const issued = await this.entra.issue({
      method: "GetToken",
      mailbox: held.mailbox,
      name: held.name,
      clientId,
      scope: resourceScope(form.get("scope") ?? ""),
    });
    if (!issued.ok) {
      // Entra's answer when consent is missing: invalid_grant with suberror consent_required (AADSTS65001).
      const consent = issued.code === "consent_required";
      return json(400, {
        error: consent
          ? "invalid_grant"
          : issued.status === "USER_INTERACTION_REQUIRED"
            ? "interaction_required"
            : "invalid_grant",
        error_description: issued.description,
        ...(consent ? { suberror: "consent_required", error_codes: [65001] } : {}),
      });
    }
    this.entra.redirectFlow.refreshed++;
    return this.tokens(issued, clientId, held.mailbox);
  }

  private tokens(
    issued: Extract<IssueResult, { ok: true }>,
    clientId: string,
    mailbox: string,
  ): LoginResponse {
    const refreshToken = randomBytes(32).toString("base64url");
    this.refreshTokens.set(refreshToken, { clientId, mailbox, name: issued.name });
    return json(200, {
      token_type: "Bearer",
      scope: issued.scope,
      expires_in: TOKEN_TTL_S,
      ext_expires_in: TOKEN_TTL_S,
      access_token: issued.accessToken,
      refresh_token: refreshToken,
      id_token: issued.idToken,
      client_info: clientInfo(issued),
    });
  }
}

/** Back to the app's redirect URI, in the response mode it asked for (MSAL: fragment or query). */
function answer(form: URLSearchParams, params: Record<string, string>): LoginResponse {
  const reply = new URLSearchParams({
    ...params,
    ...(form.get("state") ? { state: form.get("state")! } : {}),
  });
  const query = form.get("response_mode") === "query";
  const location = `${form.get("redirect_uri")}${query ? "?" : "#"}${reply}`;
  return { status: 302, headers: { Location: location, "Cache-Control": "no-store" }, body: "" };
}

function page(status: number, title: string, content: string): LoginResponse {
  return {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} — Microsoft</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 15px "Segoe UI", system-ui, sans-serif; background: #f2f2f2; margin: 0; color: #1b1b1b; }
  main { background: #fff; max-width: 380px; margin: 40px auto; padding: 36px 40px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
  .brand { font-weight: 600; color: #737373; margin: 0 0 16px; }
  h1 { font-size: 24px; font-weight: 600; margin: 0 0 8px; }
  label { display: block; margin: 16px 0 4px; }
  input[type=email] { width: 100%; box-sizing: border-box; border: 0; border-bottom: 1px solid #666; padding: 6px 0; font: inherit; }
  .buttons { display: flex; justify-content: flex-end; gap: 8px; margin-top: 24px; }
  button { font: inherit; padding: 6px 20px; border: 1px solid #8a8a8a; background: #fff; cursor: pointer; }
  button.primary { background: #0067b8; border-color: #0067b8; color: #fff; }
  .error { color: #e81123; }
  .note, .app { color: #616161; font-size: 13px; }
</style></head>
<body><main><p class="brand">Microsoft</p><h1>${escapeHtml(title)}</h1>${content}</main></body></html>`,
  };
}
