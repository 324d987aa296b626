import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SimulatedEntra } from "./simulated-entra";
import { SimulatedEntraLogin } from "./simulated-entra-login";

// Entra's redirect-flow endpoints as the Office dialog's MSAL meets them, with a stand-in for the backend's local
// issuer (the e2e test runs the real one through the real dialog page).

const CLIENT = "app-1";
const TENANT = "tenant-1";
const MAILBOX = "dana@contoso.com";
const REDIRECT = "http://localhost:3000/outlook/auth-dialog.html";
const VERIFIER = "a-verifier-long-enough-for-pkce-0123456789";
const CHALLENGE = createHash("sha256").update(VERIFIER).digest("base64url");

function setup() {
  const issuerFetch = (async () => new Response(JSON.stringify({ token: "minted" }))) as typeof fetch;
  const entra = new SimulatedEntra(
    { graphToken: (m) => (m === MAILBOX ? "graph-token" : null), fetch: issuerFetch },
    { issuerUrl: "http://issuer.test", tenantId: TENANT, clientIds: [CLIENT] },
  );
  const login = new SimulatedEntraLogin(entra, (m) => m === MAILBOX);
  const at = (path: string, query: Record<string, string> = {}) =>
    new URL(`http://sim/entra/login/${TENANT}${path}?${new URLSearchParams(query)}`);
  const request = {
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    response_type: "code",
    response_mode: "fragment",
    scope: `api://localhost:3000/${CLIENT}/access_as_user openid profile offline_access`,
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    state: "s-1",
    nonce: "n-1",
  };
  const signIn = async (over: Record<string, string> = {}) => {
    const res = await login.handle(
      "POST",
      at("/oauth2/v2.0/authorize"),
      new URLSearchParams({ ...request, action: "sign-in", login: MAILBOX, ...over }).toString(),
    );
    const location = new URL(res.headers.Location ?? "http://none/");
    return { res, answer: new URLSearchParams(location.hash.slice(1)) };
  };
  const token = (form: Record<string, string>) =>
    login
      .handle(
        "POST",
        at("/oauth2/v2.0/token"),
        new URLSearchParams({ client_id: CLIENT, ...form }).toString(),
      )
      .then((r) => ({ status: r.status, body: JSON.parse(r.body) as Record<string, string> }));
  return { entra, login, at, request, signIn, token };
}

describe("SimulatedEntraLogin (Entra's redirect flow for the Office dialog)", () => {
  it("page → code at the redirect URI → tokens (PKCE), the nonce in the ID token; a code is redeemed once", async () => {
    const { login, at, request, signIn, token } = setup();
    const page = await login.handle("GET", at("/oauth2/v2.0/authorize", request), "");
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-testid="entra-login"');
    const { res, answer } = await signIn();
    expect(res.status).toBe(302);
    expect(res.headers.Location.startsWith(`${REDIRECT}#`)).toBe(true);
    expect(answer.get("state")).toBe("s-1");
    const redeem = { grant_type: "authorization_code", code: answer.get("code")!, redirect_uri: REDIRECT };
    const tokens = await token({ ...redeem, code_verifier: VERIFIER });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ access_token: "minted", token_type: "Bearer" });
    const idClaims = JSON.parse(Buffer.from(tokens.body.id_token.split(".")[1], "base64url").toString());
    expect(idClaims).toMatchObject({ nonce: "n-1", tid: TENANT, preferred_username: MAILBOX });
    expect((await token({ ...redeem, code_verifier: VERIFIER })).body.error).toBe("invalid_grant");
  });

  it("refuses a wrong PKCE verifier, an unknown app, an unregistered redirect URI and an unknown account", async () => {
    const { login, at, request, signIn, token } = setup();
    const { answer } = await signIn();
    const wrong = await token({
      grant_type: "authorization_code",
      code: answer.get("code")!,
      redirect_uri: REDIRECT,
      code_verifier: "another-verifier-entirely-0123456789abcdef",
    });
    expect(wrong).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(wrong.body.error_description).toContain("AADSTS501481");
    const stranger = await login.handle(
      "GET",
      at("/oauth2/v2.0/authorize", { ...request, client_id: "x" }),
      "",
    );
    expect(stranger.status).toBe(400);
    expect(stranger.body).toContain("AADSTS700016");
    const elsewhere = await login.handle(
      "GET",
      at("/oauth2/v2.0/authorize", { ...request, redirect_uri: "https://evil.example/auth-dialog.html.x" }),
      "",
    );
    expect(elsewhere.body).toContain("AADSTS50011");
    const nobody = await signIn({ login: "nobody@contoso.com" });
    expect(nobody.res.status).toBe(200);
    expect(nobody.res.body).toContain("find an account with that username.");
  });

  it("Cancel answers access_denied; a refresh with Graph's consent pending is Entra's invalid_grant / consent_required", async () => {
    const { entra, signIn, token } = setup();
    const cancelled = await signIn({ action: "cancel" });
    expect(cancelled.answer.get("error")).toBe("access_denied");
    const { answer } = await signIn();
    const first = await token({
      grant_type: "authorization_code",
      code: answer.get("code")!,
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
    });
    entra.control("POST", { failures: ["graph_consent_required"] });
    const refused = await token({
      grant_type: "refresh_token",
      refresh_token: first.body.refresh_token,
      scope: "Mail.Read openid profile offline_access",
    });
    expect(refused).toMatchObject({
      status: 400,
      body: { error: "invalid_grant", suberror: "consent_required" },
    });
    const ok = await token({
      grant_type: "refresh_token",
      refresh_token: first.body.refresh_token,
      scope: `api://localhost:3000/${CLIENT}/access_as_user openid offline_access`,
    });
    expect(ok.body.access_token).toBe("minted");
    expect((await token({ grant_type: "refresh_token", refresh_token: "forged" })).body.error).toBe(
      "invalid_grant",
    );
  });
});
