import { describe, expect, it } from "vitest";
import { SimulatedEntra } from "./simulated-entra";

// The simulated Entra's own rules, with a stand-in for the backend's local issuer (the e2e tests use the real one).

const CLIENT = "app-1";
const MAILBOX = "dana@contoso.com";

function setup() {
  const minted: Record<string, unknown>[] = [];
  const issuerFetch = (async (_url: string, init?: RequestInit) => {
    minted.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
    return new Response(JSON.stringify({ token: `minted-${minted.length}` }));
  }) as typeof fetch;
  const entra = new SimulatedEntra(
    { graphToken: (m) => (m === MAILBOX ? "graph-token" : null), fetch: issuerFetch },
    { issuerUrl: "http://issuer.test", tenantId: "tenant-1", clientIds: [CLIENT] },
  );
  const ask = (method: "GetToken" | "GetTokenPopup", scope = `api://host/${CLIENT}/access_as_user`) =>
    entra.token({ method, mailbox: MAILBOX, tokenParams: { clientId: CLIENT, scope } }).then(
      (r) =>
        r.body as {
          success: boolean;
          token?: { access_token: string; id_token: string };
          account?: { tenantId: string; username: string; localAccountId: string };
          error?: { status: string; code: string };
        },
    );
  return { entra, minted, ask };
}

describe("SimulatedEntra (the harness's NAA broker)", () => {
  it("mints Touchbase's token at the local issuer with Microsoft's claims, and gives Graph scopes Graph's token", async () => {
    const { entra, ask, minted } = setup();
    const api = await ask("GetToken");
    expect(api).toMatchObject({ success: true, token: { access_token: "minted-1" } });
    expect(api.account).toMatchObject({ tenantId: "tenant-1", username: MAILBOX });
    expect(minted[0]).toMatchObject({
      tid: "tenant-1",
      oid: api.account!.localAccountId,
      email: MAILBOX,
      audience: CLIENT,
      scp: "access_as_user",
    });
    expect((await ask("GetToken", "Mail.Read")).token?.access_token).toBe("graph-token");
    expect(entra.control("GET", undefined).body).toMatchObject({ issued: { GetToken: 1 }, graphIssued: 1 });
  });

  it("consent required: silent fails until a popup succeeds; a cancelled popup fails once", async () => {
    const { entra, ask } = setup();
    entra.control("POST", { failures: ["consent_required", "user_cancel"] });
    expect((await ask("GetToken")).error).toMatchObject({
      status: "USER_INTERACTION_REQUIRED",
      code: "consent_required",
    });
    expect((await ask("GetToken")).error?.code).toBe("consent_required");
    expect((await ask("GetTokenPopup")).error).toMatchObject({ status: "USER_CANCEL" });
    expect((await ask("GetTokenPopup")).success).toBe(true);
    expect((await ask("GetToken")).success).toBe(true);
    expect(entra.control("GET", undefined).body).toMatchObject({ pendingFailures: [] });
  });

  it("Graph consent required: Touchbase's token comes silently, Graph's needs a Graph popup", async () => {
    const { entra, ask } = setup();
    entra.control("POST", { failures: ["graph_consent_required"] });
    expect((await ask("GetToken")).success).toBe(true);
    expect((await ask("GetToken", "Mail.Read")).error).toMatchObject({
      status: "USER_INTERACTION_REQUIRED",
      code: "consent_required",
    });
    // Touchbase's own popup does not consent to Graph's scope; Graph's does.
    expect((await ask("GetTokenPopup")).success).toBe(true);
    expect((await ask("GetToken", "Mail.Read")).success).toBe(false);
    expect((await ask("GetTokenPopup", "Mail.Read")).success).toBe(true);
    expect((await ask("GetToken", "Mail.Read")).token?.access_token).toBe("graph-token");
    expect(entra.control("GET", undefined).body).toMatchObject({ pendingFailures: [] });
  });

  it("expired: the next token's exp is past the backend's 5 minutes of skew", async () => {
    const { entra, ask, minted } = setup();
    entra.control("POST", { failures: ["expired"] });
    await ask("GetToken", "Mail.Read"); // Graph's own token: not what "expired" plays
    await ask("GetToken");
    await ask("GetToken");
    const exp = (minted[0].claims as { exp: number }).exp;
    expect(exp).toBeLessThan(Date.now() / 1000 - 300);
    expect(minted[1].claims).toBeUndefined();
  });

  it("refuses an app the tenant does not know, as Entra does (AADSTS700016)", async () => {
    const { entra } = setup();
    const answer = await entra.token({
      method: "GetToken",
      mailbox: MAILBOX,
      tokenParams: { clientId: "someone-else", scope: "api://x/someone-else/access_as_user" },
    });
    expect(answer.body).toMatchObject({ success: false, error: { code: "invalid_client" } });
  });
});
