// Bearer tokens from Microsoft (Outlook, nested app authentication) and Google (the Gmail add-on's
// ScriptApp.getIdentityToken()), verified against a local issuer that serves discovery + JWKS over real HTTP.
// Every forgery and mismatch of issue 10 item 5 is refused with its status and a sentence; membership (claims,
// just-in-time join, invitations, one person across providers) and deactivation are checked on each database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "../src/db/schema";
import { identityConfigFromEnv } from "../src/identity/identity-config";
import { startLocalIssuer, type LocalIssuer } from "../src/identity/local-issuer";
import { TokenVerifier } from "../src/identity/token-verifier";
import { createTestApp, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

const MS_CLIENT = "7d3c1a52-0f7e-4d0e-9d3b-2f1d6c1e9a10";
const GOOGLE_CLIENT = "123456789012-touchbase.apps.googleusercontent.com";
const TENANT_A = "0b6f3c1e-1111-4c4c-8a8a-aaaaaaaaaaaa";
const TENANT_B = "0b6f3c1e-2222-4c4c-8a8a-bbbbbbbbbbbb";
const TENANT_NOBODY = "0b6f3c1e-3333-4c4c-8a8a-cccccccccccc";
let oids = 0;
const oid = () => `5f0e2d1c-0000-4000-8000-${String(++oids).padStart(12, "0")}`;

describe.each(databaseKinds)("sign-in tokens on %s", (kind) => {
  let issuer: LocalIssuer;
  let t: TestApp;
  let wsA: TestWorkspace;
  let wsB: TestWorkspace;
  const ms = (
    over: Partial<Parameters<LocalIssuer["mintMicrosoft"]>[0]> = {},
    o?: Parameters<LocalIssuer["mintMicrosoft"]>[1],
  ) =>
    issuer.mintMicrosoft(
      { tid: TENANT_A, oid: oid(), email: `u${oids}@contoso.test`, audience: MS_CLIENT, ...over },
      o,
    );
  const google = (
    over: Partial<Parameters<LocalIssuer["mintGoogle"]>[0]> = {},
    o?: Parameters<LocalIssuer["mintGoogle"]>[1],
  ) =>
    issuer.mintGoogle(
      {
        sub: `g${++oids}`,
        email: `g${oids}@fabrikam.test`,
        hd: "fabrikam.test",
        audience: GOOGLE_CLIENT,
        ...over,
      },
      o,
    );
  const me = (token: string) => t.call(token, "GET", "/me");
  const refused = async (token: string, status: number, code: string) => {
    const res = await me(token);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/^\S.{20,}\.$/);
    return res;
  };

  beforeAll(async () => {
    issuer = await startLocalIssuer();
    t = await createTestApp(kind, {
      identity: identityConfigFromEnv({
        TOUCHBASE_MICROSOFT_AUTHORITY_HOST: issuer.microsoftAuthorityHost,
        TOUCHBASE_MICROSOFT_CLIENT_ID: `api://localhost/${MS_CLIENT}, ${MS_CLIENT}`,
        TOUCHBASE_GOOGLE_ISSUER: issuer.googleIssuer,
        TOUCHBASE_GOOGLE_CLIENT_ID: GOOGLE_CLIENT,
      }),
    });
    wsA = await t.workspace();
    wsB = await t.workspace();
    expect(
      (
        await t.call(wsA.adminToken, "PATCH", "/workspace", {
          microsoftTenantIds: [TENANT_A.toUpperCase()],
          googleDomains: ["Fabrikam.test"],
        })
      ).status,
    ).toBe(200);
    expect(
      (await t.call(wsB.adminToken, "PATCH", "/workspace", { microsoftTenantIds: [TENANT_B] })).status,
    ).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  it("claims: admins set and read them, members cannot, and a tenant belongs to one workspace", async () => {
    const read = await t.call(wsA.adminToken, "GET", "/workspace");
    expect(read.body).toMatchObject({ microsoftTenantIds: [TENANT_A], googleDomains: ["fabrikam.test"] });
    const member = await wsA.member();
    expect((await t.call(member.token, "PATCH", "/workspace", { googleDomains: ["x.test"] })).status).toBe(
      403,
    );
    expect((await t.call(member.token, "GET", "/workspace")).body.microsoftTenantIds).toBeUndefined();
    const clash = await t.call(wsB.adminToken, "PATCH", "/workspace", { microsoftTenantIds: [TENANT_A] });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe("already_claimed");
    expect(
      (await t.call(wsB.adminToken, "PATCH", "/workspace", { googleDomains: ["gmail.com"] })).status,
    ).toBe(400);
    expect(
      (await t.call(wsB.adminToken, "PATCH", "/workspace", { microsoftTenantIds: ["not-a-guid"] })).status,
    ).toBe(400);
  });

  it("a Microsoft user of a claimed tenant joins as a member on first sign-in, and is the same user after", async () => {
    const id = oid();
    const token = await issuer.mintMicrosoft({
      tid: TENANT_A,
      oid: id,
      email: "Ada@Contoso.test",
      name: "Ada Lovelace",
      audience: MS_CLIENT,
    });
    const first = await me(token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      email: "ada@contoso.test",
      name: "Ada Lovelace",
      role: "member",
      workspaceId: wsA.id,
    });
    const again = await me(
      await issuer.mintMicrosoft({
        tid: TENANT_A,
        oid: id,
        email: "ada@contoso.test",
        audience: `api://localhost/${MS_CLIENT}`,
      }),
    );
    expect(again.body.id).toBe(first.body.id);
  });

  it("a Google Workspace user of a claimed domain joins; the same person from Outlook is one user", async () => {
    const g = await me(await google({ email: "grace@fabrikam.test" }));
    expect(g.status).toBe(200);
    expect(g.body).toMatchObject({ email: "grace@fabrikam.test", workspaceId: wsA.id, role: "member" });
    // Outlook, from a tenant nobody claims, but Microsoft vouches for the address (xms_edov): the same user.
    const m = await me(await ms({ tid: TENANT_NOBODY, email: "grace@fabrikam.test" }));
    expect(m.status).toBe(200);
    expect(m.body.id).toBe(g.body.id);
    // A user created by an admin (CLI) is the same person when they sign in with a verified address.
    const cliMember = await wsB.member("lin@elsewhere.test");
    const viaGoogle = await me(await google({ email: "lin@elsewhere.test", hd: undefined }));
    expect(viaGoogle.body.id).toBe(cliMember.id);
  });

  it("invitations: admins invite, list and revoke; the first verified sign-in accepts with the invited role", async () => {
    const created = await t.call(wsB.adminToken, "POST", "/invitations", {
      email: "Kim@Partner.test",
      role: "admin",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: "kim@partner.test", role: "admin", status: "pending" });
    const member = await wsB.member();
    expect((await t.call(member.token, "POST", "/invitations", { email: "x@y.test" })).status).toBe(403);
    expect((await t.call(member.token, "GET", "/invitations")).status).toBe(403);
    const revoked = await t.call(wsB.adminToken, "POST", "/invitations", { email: "sam@partner.test" });
    expect((await t.call(wsB.adminToken, "DELETE", `/invitations/${revoked.body.id}`)).status).toBe(204);
    expect((await t.call(wsB.adminToken, "DELETE", `/invitations/${revoked.body.id}`)).status).toBe(404);
    expect((await t.call(wsA.adminToken, "DELETE", `/invitations/${created.body.id}`)).status).toBe(404);
    expect((await t.call(wsB.adminToken, "POST", "/invitations", { email: wsB.adminEmail })).status).toBe(
      409,
    );

    const kim = await me(await google({ email: "kim@partner.test", hd: "partner.test" }));
    expect(kim.status).toBe(200);
    expect(kim.body).toMatchObject({ email: "kim@partner.test", role: "admin", workspaceId: wsB.id });
    const list = await t.call(wsB.adminToken, "GET", "/invitations");
    const statuses = Object.fromEntries(
      list.body.invitations.map((i: { email: string; status: string }) => [i.email, i.status]),
    );
    expect(statuses).toMatchObject({ "kim@partner.test": "accepted", "sam@partner.test": "revoked" });
    // A revoked invitation admits nobody.
    await refused(await google({ email: "sam@partner.test", hd: "partner.test" }), 403, "not_a_member");
  });

  it("refuses alg none and HS256 signed with the public key (401)", async () => {
    await refused(await ms({}, { signing: "none" }), 401, "unsupported_algorithm");
    await refused(await ms({}, { signing: "hs256-public-key" }), 401, "unsupported_algorithm");
    await refused(await google({}, { signing: "hs256-public-key" }), 401, "unsupported_algorithm");
  });

  it("refuses a wrong audience and a wrong issuer (401)", async () => {
    await refused(await ms({ audience: "00000003-0000-0000-c000-000000000000" }), 401, "wrong_audience");
    await refused(
      await google({ audience: "someone-else.apps.googleusercontent.com" }),
      401,
      "wrong_audience",
    );
    await refused(await ms({ claims: { iss: "https://evil.example/tenant/v2.0" } }), 401, "wrong_issuer");
    await refused(await google({ claims: { iss: "https://accounts.evil.example" } }), 401, "wrong_issuer");
  });

  it("applies Microsoft's multi-tenant issuer rule: iss must be the tenant named by tid (401)", async () => {
    // Issued by tenant B's issuer but claiming tenant A in tid — a token of another workspace's tenant passed off.
    const forged = await ms({
      tid: TENANT_A,
      claims: { iss: `${issuer.microsoftAuthorityHost}/${TENANT_B}/v2.0` },
    });
    await refused(forged, 401, "wrong_issuer");
  });

  it("a token of another workspace's tenant reaches that workspace only", async () => {
    // Same address as a user of A, but from tenant B (claimed by B) and without Microsoft vouching for the address.
    const aUser = await me(await ms({ email: "noor@contoso.test" }));
    const bToken = await ms({ tid: TENANT_B, email: "noor@contoso.test", emailDomainVerified: false });
    const fromB = await me(bToken);
    expect(fromB.status).toBe(200);
    expect(fromB.body.workspaceId).toBe(wsB.id);
    expect(fromB.body.id).not.toBe(aUser.body.id);
    const customer = await t.call(wsA.adminToken, "POST", "/customers", {
      name: "Acme",
      domains: ["acme-a.test"],
    });
    expect(customer.status).toBe(201);
    expect((await t.call(bToken, "GET", `/customers/${customer.body.id}`)).status).toBe(404);
  });

  it("refuses expired tokens and tokens not valid yet, beyond 5 minutes of skew (401)", async () => {
    await refused(await ms({}, { expiresIn: -301 - 60 }), 401, "token_expired");
    await refused(await google({}, { expiresIn: -400 }), 401, "token_expired");
    await refused(await ms({}, { notBefore: 600 }), 401, "token_not_yet_valid");
    // Within the allowed skew both are fine.
    expect((await me(await ms({}, { expiresIn: -120 }))).status).toBe(200);
    expect((await me(await ms({}, { notBefore: 120 }))).status).toBe(200);
  });

  it("refuses an unknown kid after one rate-limited refetch, and a foreign key under a known kid (401)", async () => {
    const before = issuer.jwksFetches.microsoft;
    await refused(await ms({}, { kid: "no-such-key-1" }), 401, "unknown_key");
    await refused(await ms({}, { kid: "no-such-key-2" }), 401, "unknown_key");
    await refused(await ms({}, { kid: "no-such-key-3" }), 401, "unknown_key");
    expect(issuer.jwksFetches.microsoft - before).toBeLessThanOrEqual(1);
    await refused(await ms({}, { signing: "rogue" }), 401, "bad_signature");
  });

  it("refuses Google's email_verified false (401) and unclaimed tenants and domains (403)", async () => {
    await refused(await google({ emailVerified: false }), 401, "email_not_verified");
    const tenant = await refused(
      await ms({ tid: TENANT_NOBODY, email: "stranger@nowhere.test" }),
      403,
      "not_a_member",
    );
    expect(tenant.body.error.message).toContain("stranger@nowhere.test");
    await refused(await google({ email: "p@unclaimed.test", hd: "unclaimed.test" }), 403, "not_a_member");
    await refused(await google({ email: "someone@gmail.test", hd: undefined }), 403, "not_a_member");
  });

  it("refuses a token without Touchbase's scope and a garbage JWT (401)", async () => {
    await refused(await ms({ scp: "User.Read Mail.Read" }), 401, "wrong_scope");
    await refused("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.AAAA", 401, "wrong_issuer");
    await refused("eyJ.eyJ.x", 401, "invalid_token");
  });

  it("refuses a deactivated user with 403, whatever the provider, within the next request", async () => {
    const id = oid();
    const token = await issuer.mintMicrosoft({
      tid: TENANT_A,
      oid: id,
      email: "leaving@contoso.test",
      audience: MS_CLIENT,
    });
    const ok = await me(token);
    expect(ok.status).toBe(200);
    await t.db.database.db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, ok.body.id));
    await refused(token, 403, "deactivated");
    await refused(await google({ email: "leaving@contoso.test", hd: undefined }), 403, "deactivated");
  });

  it("refuses on Google's path too: alg none, nbf in the future, an unknown kid, a foreign key under a known kid (401)", async () => {
    await refused(await google({}, { signing: "none" }), 401, "unsupported_algorithm");
    await refused(await google({}, { notBefore: 600 }), 401, "token_not_yet_valid");
    await refused(await google({}, { kid: "no-such-google-key" }), 401, "unknown_key");
    await refused(await google({}, { signing: "rogue" }), 401, "bad_signature");
  });

  it("an address Microsoft does not vouch for (no xms_edov) accepts no invitation (403)", async () => {
    // Microsoft's tokens carry no email_verified; xms_edov is its counterpart. An unclaimed tenant's user whose
    // address Microsoft does not vouch for cannot take an invitation sent to that address.
    expect((await t.call(wsB.adminToken, "POST", "/invitations", { email: "ivy@partner.test" })).status).toBe(
      201,
    );
    const res = await refused(
      await ms({ tid: TENANT_NOBODY, email: "ivy@partner.test", emailDomainVerified: false }),
      403,
      "not_a_member",
    );
    expect(res.body.error.message).toContain("does not vouch for the address");
    // Vouched for, the same invitation admits them.
    const ok = await me(await ms({ tid: TENANT_NOBODY, email: "ivy@partner.test" }));
    expect(ok.body).toMatchObject({ email: "ivy@partner.test", workspaceId: wsB.id });
  });

  it("a Google token of a domain another workspace claims reaches that workspace only", async () => {
    expect(
      (
        await t.call(wsB.adminToken, "PATCH", "/workspace", {
          microsoftTenantIds: [TENANT_B],
          googleDomains: ["northwind.test"],
        })
      ).status,
    ).toBe(200);
    const bToken = await google({ email: "ola@northwind.test", hd: "northwind.test" });
    const fromB = await me(bToken);
    expect(fromB.body.workspaceId).toBe(wsB.id);
    const customer = await t.call(wsA.adminToken, "POST", "/customers", {
      name: "Globex",
      domains: ["globex-a.test"],
    });
    expect(customer.status).toBe(201);
    const probe = await t.call(bToken, "GET", `/customers/${customer.body.id}`);
    expect(probe.status).toBe(404);
  });

  it("a revoked personal token of a Microsoft or a Google user is refused on the next request (401)", async () => {
    for (const bearer of [await ms(), await google()]) {
      const made = await t.call(bearer, "POST", "/tokens", { name: "script" });
      expect(made.status).toBe(201);
      expect((await me(made.body.token)).status).toBe(200);
      expect((await t.call(bearer, "DELETE", `/tokens/${made.body.id}`)).status).toBe(200);
      const res = await me(made.body.token);
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(/^\S.{20,}\.$/);
    }
  });

  it("picks up a rotated key on the first token that uses it, once the refetch cooldown allows", async () => {
    const config = identityConfigFromEnv({
      TOUCHBASE_MICROSOFT_AUTHORITY_HOST: issuer.microsoftAuthorityHost,
      TOUCHBASE_MICROSOFT_CLIENT_ID: MS_CLIENT,
    });
    const verifier = new TokenVerifier(config, { cooldownMs: 0 });
    expect((await verifier.verify(await ms())).provider).toBe("microsoft");
    const kid = await issuer.rotateKey();
    const fetches = issuer.jwksFetches.microsoft;
    expect((await verifier.verify(await ms({}, { kid }))).organization).toBe(TENANT_A);
    expect(issuer.jwksFetches.microsoft).toBe(fetches + 1);
  });
});
