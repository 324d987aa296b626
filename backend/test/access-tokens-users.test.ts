// Personal access tokens (`/tokens`) and members (`/users`): the secret shown once and stored hashed, expiry,
// revocation on the next request, last use recorded without a write per request, roles, deactivation, the last
// admin, and every cross-workspace probe answered 404.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/db/connect";
import { hashToken } from "../src/data/ids";
import { createTestApp, type TestApp, type TestWorkspace } from "./test-app";
import { databaseKinds } from "./test-databases";

async function until<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(databaseKinds)("personal access tokens and members on %s", (kind) => {
  let t: TestApp;
  let a: TestWorkspace;
  let b: TestWorkspace;
  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.db.database.db, query);
  beforeAll(async () => {
    t = await createTestApp(kind);
    a = await t.workspace();
    b = await t.workspace();
  });
  afterAll(() => t?.close());

  it("creates a named token whose secret is shown once and stored only as its hash; existing tokens are listed as personal ones", async () => {
    const created = await t.call(a.adminToken, "POST", "/tokens", {
      name: "  CI export  ",
      expiresInDays: 30,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "CI export",
      kind: "api",
      userEmail: a.adminEmail,
      lastUsedAt: null,
    });
    expect(created.body.token).toMatch(/^tb_/);
    const days = (Date.parse(created.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    const stored = await rows<{ token_hash: string }>(
      sql`select token_hash from api_tokens where id = ${created.body.id}`,
    );
    expect(stored[0].token_hash).toBe(hashToken(created.body.token));
    expect((await t.call(created.body.token, "GET", "/me")).body.email).toBe(a.adminEmail);

    const list = await t.call(created.body.token, "GET", "/tokens");
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    // The token the workspace was created with (before tokens had names) is one of the admin's personal tokens.
    expect(list.body.tokens.map((x: { name: string }) => x.name)).toEqual(["API token", "CI export"]);
    expect(list.body.tokens.find((x: { current: boolean }) => x.current).id).toBe(created.body.id);
  });

  it("refuses bad names and expiries with sentences", async () => {
    const past = await t.call(a.adminToken, "POST", "/tokens", {
      name: "x",
      expiresAt: "2020-01-01T00:00:00Z",
    });
    expect(past.status).toBe(400);
    expect(past.body.error).toMatchObject({
      code: "invalid_expiry",
      message: "The expiry must lie in the future.",
    });
    const both = await t.call(a.adminToken, "POST", "/tokens", {
      name: "x",
      expiresAt: "2099-01-01T00:00:00Z",
      expiresInDays: 3,
    });
    expect(both.body.error.code).toBe("invalid_expiry");
    expect((await t.call(a.adminToken, "POST", "/tokens", { name: "" })).status).toBe(400);
    expect((await t.call(a.adminToken, "POST", "/tokens", { name: "x", secret: "mine" })).status).toBe(400);
    expect((await t.call(a.adminToken, "POST", "/tokens", { name: "x".repeat(101) })).status).toBe(400);
  });

  it("refuses an expired token with its own sentence", async () => {
    const { body } = await t.call(a.adminToken, "POST", "/tokens", { name: "short-lived", expiresInDays: 1 });
    expect((await t.call(body.token, "GET", "/me")).status).toBe(200);
    await rows(sql`update api_tokens set expires_at = now() - interval '1 second' where id = ${body.id}`);
    const expired = await t.call(body.token, "GET", "/me");
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe("token_expired");
    expect(expired.body.error.message).toMatch(/expired on \d{4}-\d\d-\d\d; create a new one/);
  });

  it("records the last use once a minute, not on every request", async () => {
    const { body } = await t.call(a.adminToken, "POST", "/tokens", { name: "watched" });
    await t.call(body.token, "GET", "/me");
    const first = await until(async () => {
      const [r] = await rows<{ at: string | null }>(
        sql`select last_used_at as at from api_tokens where id = ${body.id}`,
      );
      return r.at;
    });
    // Back-date the record by 30 s: a request now must not write (the stored time is younger than a minute)…
    await rows(
      sql`update api_tokens set last_used_at = last_used_at - interval '30 seconds' where id = ${body.id}`,
    );
    const [{ at: backdated }] = await rows<{ at: string }>(
      sql`select last_used_at::text as at from api_tokens where id = ${body.id}`,
    );
    for (let i = 0; i < 5; i++) await t.call(body.token, "GET", "/me");
    await new Promise((r) => setTimeout(r, 100));
    const [{ at: after }] = await rows<{ at: string }>(
      sql`select last_used_at::text as at from api_tokens where id = ${body.id}`,
    );
    expect(after).toBe(backdated);
    expect(first).toBeTruthy();
    const listed = (await t.call(body.token, "GET", "/tokens")).body.tokens.find(
      (x: { id: string }) => x.id === body.id,
    );
    expect(Date.parse(listed.lastUsedAt)).toBeGreaterThan(Date.now() - 5 * 60_000);
  });

  it("revokes: one's own, an admin any member's, effective on the next request; others' and other workspaces' are 404", async () => {
    const member = await a.member();
    const mine = (await t.call(member.token, "POST", "/tokens", { name: "laptop" })).body;
    const admins = (await t.call(a.adminToken, "POST", "/tokens", { name: "admin script" })).body;
    const foreign = (await t.call(b.adminToken, "POST", "/tokens", { name: "b's" })).body;

    // A member cannot see or revoke a colleague's token, nor list the workspace's.
    expect((await t.call(member.token, "DELETE", `/tokens/${admins.id}`)).status).toBe(404);
    const everyone = await t.call(member.token, "GET", "/tokens?scope=workspace");
    expect(everyone.status).toBe(403);
    expect(everyone.body.error.message).toContain("Only a workspace admin");
    // No admin reaches another workspace's token.
    const probe = await t.call(a.adminToken, "DELETE", `/tokens/${foreign.id}`);
    expect(probe.status).toBe(404);
    expect(probe.body.error.code).toBe("not_found");
    expect((await t.call(foreign.token, "GET", "/me")).status).toBe(200);
    const listed = (await t.call(a.adminToken, "GET", "/tokens?scope=workspace")).body.tokens;
    expect(listed.some((x: { id: string }) => x.id === mine.id)).toBe(true);
    expect(listed.some((x: { id: string }) => x.id === foreign.id)).toBe(false);

    // Own revocation, then the very next request is refused.
    const second = (await t.call(member.token, "POST", "/tokens", { name: "phone" })).body;
    const revoked = await t.call(member.token, "DELETE", `/tokens/${second.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: second.id, name: "phone" });
    expect((await t.call(second.token, "GET", "/me")).status).toBe(401);
    expect((await t.call(member.token, "DELETE", `/tokens/${second.id}`)).status).toBe(404);
    // An admin revokes a member's token.
    expect((await t.call(a.adminToken, "DELETE", `/tokens/${mine.id}`)).status).toBe(200);
    expect((await t.call(mine.token, "GET", "/me")).status).toBe(401);
    expect((await t.call(member.token, "GET", "/me")).status).toBe(200);
  });

  it("lists members; only admins change them, within their own workspace", async () => {
    const member = await a.member();
    const list = await t.call(member.token, "GET", "/users");
    expect(list.status).toBe(200);
    expect(list.body.users.find((u: { email: string }) => u.email === member.email)).toMatchObject({
      role: "member",
      deactivatedAt: null,
    });
    expect(list.body.users.some((u: { email: string }) => u.email === b.adminEmail)).toBe(false);

    const denied = await t.call(member.token, "PATCH", `/users/${member.id}`, { role: "admin" });
    expect(denied.status).toBe(403);
    const bMember = await b.member();
    for (const token of [a.adminToken, member.token]) {
      const probe = await t.call(token, "PATCH", `/users/${bMember.id}`, { deactivated: true });
      expect(probe.status).toBe(404);
    }
    expect((await t.call(bMember.token, "GET", "/me")).status).toBe(200);
    expect((await t.call(a.adminToken, "PATCH", `/users/${member.id}`, { colour: "red" })).status).toBe(400);

    const renamed = await t.call(a.adminToken, "PATCH", `/users/${member.id}`, {
      name: "Rita Rep",
      role: "admin",
    });
    expect(renamed.body).toMatchObject({ name: "Rita Rep", role: "admin" });
    expect((await t.call(member.token, "GET", "/me")).body.role).toBe("admin");
    await t.call(a.adminToken, "PATCH", `/users/${member.id}`, { role: "member" });
  });

  it("refuses a deactivated member's token with 403 and a sentence, and lets them back in on reactivation", async () => {
    const member = await a.member();
    const extra = (await t.call(member.token, "POST", "/tokens", { name: "second" })).body;
    const off = await t.call(a.adminToken, "PATCH", `/users/${member.id}`, { deactivated: true });
    expect(off.status).toBe(200);
    expect(off.body.deactivatedAt).not.toBeNull();
    for (const token of [member.token, extra.token]) {
      const refused = await t.call(token, "GET", "/customers");
      expect(refused.status).toBe(403);
      expect(refused.body.error).toEqual({
        code: "deactivated",
        message:
          "Your Touchbase account was deactivated by a workspace admin; ask an admin to reactivate it.",
      });
    }
    const on = await t.call(a.adminToken, "PATCH", `/users/${member.id}`, { deactivated: false });
    expect(on.body.deactivatedAt).toBeNull();
    expect((await t.call(member.token, "GET", "/me")).status).toBe(200);
  });

  it("keeps an active admin: the last one cannot be demoted or deactivated, not even by themselves", async () => {
    const me = (await t.call(b.adminToken, "GET", "/me")).body;
    for (const patch of [{ role: "member" }, { deactivated: true }]) {
      const res = await t.call(b.adminToken, "PATCH", `/users/${me.id}`, patch);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("last_admin");
      expect(res.body.error.message).toContain("only active admin");
    }
    // With a second admin, the first may step down; then the second is the last one.
    const other = await b.member();
    await t.call(b.adminToken, "PATCH", `/users/${other.id}`, { role: "admin" });
    expect((await t.call(b.adminToken, "PATCH", `/users/${me.id}`, { role: "member" })).status).toBe(200);
    expect((await t.call(other.token, "PATCH", `/users/${other.id}`, { deactivated: true })).status).toBe(
      409,
    );
    // A deactivated admin does not count as one.
    await t.call(other.token, "PATCH", `/users/${me.id}`, { role: "admin" });
    await t.call(other.token, "PATCH", `/users/${me.id}`, { deactivated: true });
    expect((await t.call(other.token, "PATCH", `/users/${other.id}`, { role: "member" })).status).toBe(409);
    await t.call(other.token, "PATCH", `/users/${me.id}`, { deactivated: false });
  });

  it("lets only one of two admins demoting each other at once succeed", async () => {
    const w = await t.workspace();
    const other = await w.member();
    await t.call(w.adminToken, "PATCH", `/users/${other.id}`, { role: "admin" });
    const me = (await t.call(w.adminToken, "GET", "/me")).body;
    const results = await Promise.all([
      t.call(w.adminToken, "PATCH", `/users/${other.id}`, { role: "member" }),
      t.call(other.token, "PATCH", `/users/${me.id}`, { role: "member" }),
    ]);
    // The loser is refused: 409 (last admin) when it got that far, or 403 when its caller was demoted already.
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const admins = (await t.call(w.adminToken, "GET", "/users")).body.users.filter(
      (u: { role: string }) => u.role === "admin",
    );
    expect(admins).toHaveLength(1);
  });

  it("documents the routes in the OpenAPI document", async () => {
    const doc = (await (await t.app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, object>;
    };
    expect(Object.keys(doc.paths["/tokens"])).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/tokens/{id}"])).toEqual(["delete"]);
    expect(Object.keys(doc.paths["/users"])).toEqual(["get"]);
    expect(Object.keys(doc.paths["/users/{id}"])).toEqual(["patch"]);
  });
});
