// `touchbase sign-in-link <email>`: mints a one-time link for any member, which then signs in once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app";
import { openDatabase, type DatabaseKind } from "../src/db/connect";
import { STATIC_DIR } from "../src/start-server";
import { cli, cliDatabase } from "./cli-harness";
import { databaseKinds } from "./test-databases";

describe.each(databaseKinds)("touchbase sign-in-link on %s", (kind: DatabaseKind) => {
  let env: Record<string, string>;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ env, dispose } = await cliDatabase(kind, "touchbase-link-cli-"));
  });
  afterAll(() => dispose?.());

  it("prints a link for a member that signs in exactly once, and explains mistakes in a sentence", async () => {
    expect((await cli(env, "workspace", "create", "Link Co", "--admin-email", "boss@link.test")).code).toBe(
      0,
    );
    expect((await cli(env, "users", "create", "Mia@Link.test", "--workspace", "Link Co")).code).toBe(0);
    const res = await cli(
      { ...env, TOUCHBASE_PUBLIC_URL: "https://tb.link.test/" },
      "sign-in-link",
      "mia@link.test",
    );
    expect(res.code, res.err).toBe(0);
    const url = /https:\/\/tb\.link\.test\/auth\/link\/(tbl_[\w-]+)/.exec(res.out);
    expect(url).not.toBeNull();
    expect((await cli(env, "sign-in-link", "nobody@link.test")).err).toBe(
      "nobody@link.test is not a user of any workspace.",
    );
    expect((await cli(env, "sign-in-link")).err).toContain("Missing <email>: the member's address.");

    const database = await openDatabase({ dataDir: env.TOUCHBASE_DATA, databaseUrl: env.DATABASE_URL });
    try {
      const app = buildApp({ database, rateLimitPerMinute: 0, bodyLimitBytes: 1e6, staticDir: STATIC_DIR });
      const first = await app.request(`/auth/link/${url?.[1]}`, { method: "POST" });
      expect(first.status).toBe(303);
      const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0];
      const session = await app.request("/api/v1/session", { headers: { cookie } });
      expect(((await session.json()) as { user: { email: string } }).user.email).toBe("mia@link.test");
      expect((await app.request(`/auth/link/${url?.[1]}`, { method: "POST" })).status).toBe(401);
    } finally {
      await database.close();
    }
  });
});
