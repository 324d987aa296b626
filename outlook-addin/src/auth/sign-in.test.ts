import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnBackend, type SpawnedBackend } from "../../../dev/spawn-backend";
import { sha256Hex } from "../sync/sha256";
import { signInToTouchbase } from "./sign-in";

// Signing in against the real backend, with Microsoft-shaped tokens from its local issuer (the claim set Entra
// gives an API: tid, oid, preferred_username, scp access_as_user, aud the client id).

describe("signInToTouchbase", () => {
  let backend: SpawnedBackend;
  let issuer: { url: string; microsoftClientId: string; tenantId: string };
  const mint = async (email: string, oid: string) => {
    const response = await fetch(`${issuer.url}/mint/microsoft`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tid: issuer.tenantId, oid, email, audience: issuer.microsoftClientId }),
    });
    return ((await response.json()) as { token: string }).token;
  };
  const msalWith = (token: string) => ({ getGraphToken: async () => token });
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${backend.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${backend.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    backend = await spawnBackend({
      timeoutMs: 120_000,
      env: { TOUCHBASE_HARNESS: "1", TOUCHBASE_GRAPH_SIMULATOR: "0" },
    });
    issuer = ((await (await fetch(`${backend.url}/harness/config.json`)).json()) as { issuer: typeof issuer })
      .issuer;
  }, 180_000);
  afterAll(async () => backend?.stop(), 60_000);

  it("signs in the admin by their verified address; their old API token's local data stays theirs", async () => {
    const token = await mint("admin@touchbase.local", "0f1e2d3c-0000-4000-8000-00000000a001");
    const session = await signInToTouchbase({
      serverUrl: backend.url,
      tokens: msalWith(token),
      interactive: false,
      legacyApiToken: backend.token,
    });
    expect(session.me?.email).toBe("admin@touchbase.local");
    expect(session.owner).toBe(`microsoft:${issuer.tenantId}:0f1e2d3c-0000-4000-8000-00000000a001`);
    expect(session.adoptFrom).toBe(`token:${await sha256Hex(backend.token)}`);
  });

  it("an old token of someone else is not adopted: that data is not this user's", async () => {
    expect((await admin("POST", "/invitations", { email: "sam.member@touchbase.local" })).status).toBe(201);
    const token = await mint("sam.member@touchbase.local", "0f1e2d3c-0000-4000-8000-00000000a002");
    const session = await signInToTouchbase({
      serverUrl: backend.url,
      tokens: msalWith(token),
      interactive: false,
      legacyApiToken: backend.token, // the admin's
    });
    expect(session.me?.email).toBe("sam.member@touchbase.local");
    expect(session.adoptFrom).toBeNull();
  });

  it("a deactivated member is refused with the server's 403 and sentence", async () => {
    const token = await mint("sam.member@touchbase.local", "0f1e2d3c-0000-4000-8000-00000000a002");
    const users = (await (await admin("GET", "/users")).json()) as { users: { id: string; email: string }[] };
    const sam = users.users.find((u) => u.email === "sam.member@touchbase.local")!;
    expect((await admin("PATCH", `/users/${sam.id}`, { deactivated: true })).status).toBe(200);
    await expect(
      signInToTouchbase({ serverUrl: backend.url, tokens: msalWith(token), interactive: false }),
    ).rejects.toMatchObject({
      status: 403,
      code: "deactivated",
      message: "Your Touchbase account has been deactivated. Ask a workspace admin if you need access again.",
    });
  });

  it("opens offline when the server cannot be reached (the outbox waits), with the user's own key", async () => {
    const token = await mint("admin@touchbase.local", "0f1e2d3c-0000-4000-8000-00000000a001");
    const session = await signInToTouchbase({
      serverUrl: "http://127.0.0.1:9",
      tokens: msalWith(token),
      interactive: false,
    });
    expect(session.me).toBeNull();
    expect(session.owner).toBe(`microsoft:${issuer.tenantId}:0f1e2d3c-0000-4000-8000-00000000a001`);
  });
});
