// The administration commands in detail — customers, users, tokens, exclusions, and every kind of mistake — run
// in-process with one database lent to all of them (cli-process.test.ts runs the same findings as real processes;
// a process per assertion would cost a database start each).
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type DatabaseKind, type Db } from "../src/db/connect";
import { runCli } from "../src/cli/run-cli";
import { createCustomer } from "../src/data/customers";
import { findCallerByToken, type Caller } from "../src/data/workspaces";
import { databaseKinds, openTestDatabase, tempDir, type TestDatabase } from "./test-databases";

const ROOT = resolve(import.meta.dirname, "../..");
const MIXED_EML = join(ROOT, "shared/fixtures/eml/mailparser/mixed.eml");

interface Run {
  code: number;
  out: string;
  err: string;
}

/** The first workspace's admin, for arranging data the CLI then meets. */
async function adminCaller(db: Db): Promise<Caller> {
  const workspace = (await db.query.workspaces.findFirst({ orderBy: (w, { asc }) => asc(w.createdAt) }))!;
  const user = (await db.query.users.findFirst({
    where: (u, { and, eq }) => and(eq(u.workspaceId, workspace.id), eq(u.role, "admin")),
  }))!;
  return { workspace, user };
}

/** A raw library message must never reach the user. */
function expectNoLibraryText(run: Run): void {
  for (const text of [run.out, run.err]) {
    expect(text).not.toMatch(
      /To specify a positional argument|ERR_PARSE_ARGS|Too small|expected string|at .*\.ts:\d+/,
    );
  }
}

describe.each(databaseKinds)("the CLI's administration commands on %s", (kind: DatabaseKind) => {
  let t: TestDatabase;
  const dir = tempDir("touchbase-cli-admin-");
  const tb = async (...argv: string[]): Promise<Run> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      argv,
      {},
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      { database: t.database },
    );
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
  const withDb = async <T>(fn: (db: Db) => Promise<T>) => fn(t.database.db);

  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("workspace create: a new workspace needs its own admin address and a name nobody has", async () => {
    const noAdmin = await tb("workspace", "create", "Acme CS");
    expect(noAdmin.code).toBe(2);
    expect(noAdmin.err).toBe(
      "A new workspace needs its own admin: give their address with --admin-email <email>.",
    );
    const first = await tb(
      "workspace",
      "create",
      "Acme CS",
      "--admin-email",
      "lead@acme-cs.com",
      "--internal-domain",
      "acme-cs.com",
    );
    expect(first.code).toBe(0);
    expect(first.out).toMatch(
      /^Created workspace "Acme CS" \(ws_\S+\) with admin lead@acme-cs\.com\.\nAdmin API token \(shown once\): tb_\S+$/,
    );
    const again = await tb("workspace", "create", "acme cs", "--admin-email", "other@acme-cs.com");
    expect(again.code).toBe(1);
    expect(again.err).toMatch(
      /^A workspace named "Acme CS" already exists \(ws_\S+\); choose another name\.$/,
    );
    const listed = JSON.parse((await tb("workspace", "list", "--json")).out);
    expect(listed.workspaces.map((w: { name: string }) => w.name)).toEqual(["Acme CS"]);
    // Commands that name the workspace keep working, and users are never a copy of another workspace's admin.
    const users = JSON.parse((await tb("users", "list", "--workspace", "Acme CS", "--json")).out);
    expect(users.users.map((u: { email: string }) => u.email)).toEqual(["lead@acme-cs.com"]);
  });

  it("customers create|update|list|delete, with sentences for unknown options, missing arguments and unknown commands", async () => {
    const created = await tb(
      "customers",
      "create",
      "Foo",
      "--domain",
      "foo.com",
      "--attribute",
      "plan=Business",
    );
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^Created customer cus_\S+ {2}Foo {2}\(foo\.com\)\.$/);

    const typo = await tb("customers", "create", "Bar", "--domian", "bar.com");
    expect(typo.code).toBe(2);
    expect(typo.err.split("\n")[0]).toBe('"customers create" has no option --domian; did you mean --domain?');
    expectNoLibraryText(typo);
    const missing = await tb("customers", "update");
    expect(missing.code).toBe(2);
    expect(missing.err.split("\n")[0]).toBe("Missing <name or id>: the customer.");
    const unknown = await tb("customer", "list");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe(
      'Unknown command "customer list". Did you mean "customers list"? Run `npm run touchbase -- --help` for the list of commands.',
    );
    const noValue = await tb("customers", "list", "--search");
    expect(noValue.err.split("\n")[0]).toBe("--search needs a value: --search <text>.");

    const updated = await tb(
      "customers",
      "update",
      "foo",
      "--name",
      "Foo Inc",
      "--domain",
      "foo.com",
      "--domain",
      "foo.io",
      "--json",
    );
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.out)).toMatchObject({
      name: "Foo Inc",
      domains: ["foo.com", "foo.io"],
      attributes: { plan: "Business" },
    });
    const list = JSON.parse((await tb("customers", "list", "--json")).out);
    expect(list.customers.map((c: { name: string }) => c.name)).toEqual(["Foo Inc"]);

    // Two customers of one name (the API allows it): a name is then ambiguous and the sentence lists the ids.
    const twins = await withDb(async (db) => {
      const caller = await adminCaller(db);
      return [
        await createCustomer(db, caller, { name: "Twin" }),
        await createCustomer(db, caller, { name: "twin" }),
      ];
    });
    const ambiguous = await tb("customers", "delete", "Twin", "--yes");
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toBe(
      `Several customers are named "Twin" (${twins.map((c) => c.id).join(", ")}); give the one you mean by its id.`,
    );
    const ask = await tb("customers", "delete", twins[0].id);
    expect(ask.code).toBe(1);
    expect(ask.err).toBe(
      'This would delete "Twin" with 0 contacts and 0 emails that belong to it alone. Run it again with --yes to delete them.',
    );
    const deleted = await tb("customers", "delete", twins[0].id, "--yes", "--json");
    expect(JSON.parse(deleted.out).deleted).toMatchObject({ id: twins[0].id, name: "Twin" });
    await tb("customers", "delete", twins[1].id, "--yes");
    expect(JSON.parse((await tb("customers", "list", "--json")).out).customers).toHaveLength(1);
  });

  it("users and tokens: re-issue a token for an existing user, list, revoke, deactivate, never the last admin", async () => {
    const rep = await tb("users", "create", "rep@acme-cs.com", "--name", "Rita Rep");
    expect(rep.code).toBe(0);
    const issued = await tb(
      "tokens",
      "create",
      "rep@acme-cs.com",
      "--name",
      "Outlook laptop",
      "--expires",
      "90d",
      "--json",
    );
    expect(issued.code).toBe(0);
    const token = JSON.parse(issued.out);
    expect(token).toMatchObject({ name: "Outlook laptop", userEmail: "rep@acme-cs.com", kind: "api" });
    expect(token.token).toMatch(/^tb_/);
    await withDb(async (db) =>
      expect((await findCallerByToken(db, token.token))?.user.email).toBe("rep@acme-cs.com"),
    );

    const listed = await tb("tokens", "list", "--user", "rep@acme-cs.com");
    expect(listed.out).toContain('"Outlook laptop"');
    expect(listed.out).not.toContain(token.token);
    await tb("tokens", "create", "rep@acme-cs.com", "--name", "Outlook laptop");
    const twoOfName = await tb("tokens", "revoke", "Outlook laptop");
    expect(twoOfName.code).toBe(1);
    expect(twoOfName.err).toMatch(
      /^Several tokens are named "Outlook laptop" \(tok_\S+ of rep@acme-cs\.com, tok_\S+ of rep@acme-cs\.com\); give the one you mean by its id\.$/,
    );
    const revoked = await tb("tokens", "revoke", token.id);
    expect(revoked.out).toBe(`Revoked token "Outlook laptop" (${token.id}) of rep@acme-cs.com.`);
    await withDb(async (db) => expect(await findCallerByToken(db, token.token)).toBeNull());

    const off = await tb("users", "deactivate", "rep@acme-cs.com");
    expect(off.code).toBe(0);
    const members = JSON.parse((await tb("users", "list", "--json")).out).users;
    expect(
      members.find((m: { email: string }) => m.email === "rep@acme-cs.com").deactivatedAt,
    ).not.toBeNull();
    const refused = await tb("tokens", "create", "rep@acme-cs.com");
    expect(refused.err).toBe(
      "rep@acme-cs.com is deactivated: reactivate them first (`users update rep@acme-cs.com --reactivate`).",
    );
    expect((await tb("users", "update", "rep@acme-cs.com", "--reactivate")).code).toBe(0);
    const lastAdmin = await tb("users", "update", "lead@acme-cs.com", "--role", "member", "--json");
    expect(lastAdmin.code).toBe(1);
    expect(JSON.parse(lastAdmin.err)).toEqual({
      error: {
        code: "last_admin",
        message: "lead@acme-cs.com is the workspace's only active admin: make another member an admin first.",
      },
    });
    const badRole = await tb("users", "update", "rep@acme-cs.com", "--role", "owner");
    expect(badRole.code).toBe(2);
    expect(badRole.err).toBe('--role is admin or member, not "owner".');
  });

  it("exclusions list|add|remove; a personal provider's domain is refused until confirmed, saying what it would exclude", async () => {
    await withDb(async (db) => {
      const caller = await adminCaller(db);
      const c = await createCustomer(db, caller, { name: "Globex", domains: ["globex.test"] });
      await queryRows(
        db,
        sql`insert into contacts (id, workspace_id, customer_id, address, source, seq)
            values ('con_hank', ${caller.workspace.id}, ${c.id}, 'hank@gmail.com', 'manual', 1),
                   ('con_homer', ${caller.workspace.id}, ${c.id}, 'homer@gmail.com', 'manual', 1)`,
      );
    });
    const refused = await tb("exclusions", "add", "@gmail.com");
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      "gmail.com is a personal email provider: excluding it workspace-wide would drop mail from everyone who writes " +
        "from a gmail.com address — 2 customer contacts (hank@gmail.com, homer@gmail.com) and 0 stored emails. " +
        "Exclude the person's address instead, or run it again with --yes to exclude the whole domain.",
    );
    expect(JSON.parse((await tb("exclusions", "list", "--json")).out).exclusions).toEqual([]);
    expect((await tb("exclusions", "add", "@gmail.com", "--yes")).out).toBe(
      "Excluded domain gmail.com for the workspace.",
    );
    expect((await tb("exclusions", "add", "spam@junk.test")).out).toBe(
      "Excluded address spam@junk.test for the workspace.",
    );
    expect((await tb("exclusions", "list")).out).toMatch(
      /^exc_\S+ {2}@gmail\.com\nexc_\S+ {2}spam@junk\.test$/,
    );
    expect((await tb("exclusions", "remove", "@gmail.com")).out).toBe(
      "Removed the exclusion @gmail.com: mail with it is synced again from now on.",
    );
    const notThere = await tb("exclusions", "remove", "@gmail.com");
    expect(notThere.code).toBe(1);
    expect(notThere.err).toBe(
      "@gmail.com is not excluded for the workspace; `exclusions list` shows what is.",
    );
    expect(
      JSON.parse((await tb("exclusions", "list", "--json")).out).exclusions.map(
        (e: { value: string }) => e.value,
      ),
    ).toEqual(["spam@junk.test"]);
  });

  it("ingest of a message without From, or of junk, says so in a sentence", async () => {
    const junk = join(dir, "junk.eml");
    writeFileSync(junk, "this is not an email at all\n");
    const run = await tb("ingest", MIXED_EML, junk);
    expect(run.code).toBe(0);
    const reason = "it has no From: header, so it is not an email Touchbase can store (is it an .eml file?)";
    expect(run.err.split("\n").sort()).toEqual(
      [`skipped ${junk}: ${reason}`, `skipped ${MIXED_EML}: ${reason}`].sort(),
    );
    expectNoLibraryText(run);
    expect(run.out).toBe("2 messages: 0 stored, 0 duplicates, 0 not customer email, 0 excluded, 2 invalid.");
    const dry = JSON.parse((await tb("ingest", junk, "--dry-run", "--json")).out);
    expect(dry.messages).toEqual(
      [{ file: junk, status: "invalid", subject: undefined, reason }].map(({ subject: _s, ...m }) => m),
    );
  });

  it("customers export, then import of the same file: everything unchanged, nothing written", async () => {
    const csv = join(dir, "export.csv");
    const exported = await tb("customers", "export");
    writeFileSync(csv, exported.out + "\n");
    const before = await withDb((db) =>
      queryRows<{ seq: number }>(db, sql`select index_seq::int as seq from workspaces`),
    );
    const imported = await tb("customers", "import", csv);
    expect(imported.code).toBe(0);
    expect(imported.out).toBe("0 created, 0 updated, 2 unchanged, 0 rejected.");
    const after = await withDb((db) =>
      queryRows<{ seq: number }>(db, sql`select index_seq::int as seq from workspaces`),
    );
    expect(after).toEqual(before);
  });

  it("a workspace name given by two workspaces is ambiguous, and the sentence says how to choose", async () => {
    const ids = await withDb(async (db) => {
      await queryRows(
        db,
        sql`insert into workspaces (id, name, settings, inbound_key, index_epoch)
            values ('ws_twin', 'Acme CS', '{}'::jsonb, 'twinkey', 'twin')`,
      );
      return (await queryRows<{ id: string }>(db, sql`select id from workspaces order by created_at`)).map(
        (r) => r.id,
      );
    });
    const run = await tb("customers", "list", "--workspace", "Acme CS");
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      `Several workspaces are named "Acme CS" (${ids.join(", ")}); give the one you mean by its id.`,
    );
    const none = await tb("customers", "list");
    expect(none.err).toBe(
      'There are 2 workspaces ("Acme CS", "Acme CS"); say which one with --workspace <name>.',
    );
    expect((await tb("customers", "list", "--workspace", ids[0])).code).toBe(0);
  });
});
