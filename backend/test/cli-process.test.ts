// The touchbase CLI as an administrator meets it: the real command (`node --import tsx backend/src/cli/main.ts`,
// what `npm run touchbase` runs) as a child process, on PGlite and on PostgreSQL — each finding of the review that
// asked for it (issue 15) once, plus the contract scripts rely on: stdout/stderr, --json, exit codes. Every process
// starts the database, so the details of each command are in cli-admin.test.ts, in-process.
import { execFile } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type DatabaseKind, type Db } from "../src/db/connect";
import { createCustomer } from "../src/data/customers";
import { findCallerByToken, type Caller } from "../src/data/workspaces";
import { createPostgresDatabase, databaseKinds, tempDir } from "./test-databases";

const ROOT = resolve(import.meta.dirname, "../..");
const MIXED_EML = join(ROOT, "shared/fixtures/eml/mailparser/mixed.eml");

interface Run {
  code: number;
  out: string;
  err: string;
}

function touchbase(env: Record<string, string>, ...argv: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(ROOT, "backend/src/cli/main.ts"), ...argv],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        done({ code: typeof code === "number" ? code : 1, out: stdout.trimEnd(), err: stderr.trimEnd() });
      },
    );
  });
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

// Each command is a process that opens the database: about a second each on an idle machine, more under load.
describe.each(databaseKinds)(
  "the touchbase CLI process on %s",
  { timeout: 180_000 },
  (kind: DatabaseKind) => {
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;
    const dir = tempDir("touchbase-cli-process-");
    const tb = (...argv: string[]) => touchbase(env, ...argv);
    const withDb = async <T>(fn: (db: Db) => Promise<T>) => {
      const database = await openDatabase({ dataDir: env.TOUCHBASE_DATA, databaseUrl: env.DATABASE_URL });
      try {
        return await fn(database.db);
      } finally {
        await database.close();
      }
    };

    beforeAll(async () => {
      if (kind === "pglite") {
        env = { TOUCHBASE_DATA: join(dir, "data") };
        cleanup = async () => undefined;
      } else {
        const pg = await createPostgresDatabase();
        env = { DATABASE_URL: pg.url };
        cleanup = pg.drop;
      }
    });
    afterAll(async () => {
      await cleanup?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it("workspace create: its own admin address is required, and a second workspace of the same name is refused", async () => {
      const noAdmin = await tb("workspace", "create", "Acme CS");
      expect(noAdmin.code).toBe(2);
      expect(noAdmin.err).toBe(
        "A new workspace needs its own admin: give their address with --admin-email <email>.",
      );
      const first = await tb("workspace", "create", "Acme CS", "--admin-email", "lead@acme-cs.com");
      expect(first.code).toBe(0);
      expect(first.out).toMatch(
        /^Created workspace "Acme CS" \(ws_\S+\) with admin lead@acme-cs\.com\.\nAdmin API token \(shown once\): tb_\S+$/,
      );
      const again = await tb("workspace", "create", "acme cs", "--admin-email", "other@acme-cs.com");
      expect(again.code).toBe(1);
      expect(again.err).toMatch(
        /^A workspace named "Acme CS" already exists \(ws_\S+\); choose another name\.$/,
      );
      const count = await withDb((db) =>
        queryRows<{ n: number }>(db, sql`select count(*)::int as n from workspaces`),
      );
      expect(count[0].n).toBe(1);
    });

    it("customers create with --domain; an unknown option and an unknown command are sentences with the nearest one", async () => {
      const created = await tb("customers", "create", "Foo", "--domain", "foo.com", "--json");
      expect(created.code).toBe(0);
      expect(JSON.parse(created.out)).toMatchObject({ name: "Foo", domains: ["foo.com"] });
      const typo = await tb("customers", "create", "Bar", "--domian", "bar.com");
      expect(typo.code).toBe(2);
      expect(typo.err).toBe(
        '"customers create" has no option --domian; did you mean --domain?\n\nUsage: see `npm run touchbase -- customers create --help`.',
      );
      expectNoLibraryText(typo);
      const unknown = await tb("customer", "list");
      expect(unknown.code).toBe(2);
      expect(unknown.err).toBe(
        'Unknown command "customer list". Did you mean "customers list"? Run `npm run touchbase -- --help` for the list of commands.',
      );
      expect(unknown.out).toBe("");
    });

    it("tokens create re-issues a token for an existing user, and exclusions can be listed and removed", async () => {
      const issued = await tb("tokens", "create", "lead@acme-cs.com", "--name", "Outlook laptop", "--json");
      expect(issued.code).toBe(0);
      const token = JSON.parse(issued.out);
      expect(token).toMatchObject({ name: "Outlook laptop", userEmail: "lead@acme-cs.com" });
      await withDb(async (db) =>
        expect((await findCallerByToken(db, token.token))?.user.email).toBe("lead@acme-cs.com"),
      );
      expect((await tb("exclusions", "add", "@spam.test")).code).toBe(0);
      expect((await tb("exclusions", "list")).out).toMatch(/^exc_\S+ {2}@spam\.test$/);
      expect((await tb("exclusions", "remove", "@spam.test")).code).toBe(0);
      expect((await tb("exclusions", "list")).out).toBe("No workspace exclusions.");
    });

    it("exclusions add @gmail.com workspace-wide is refused until confirmed, saying what it would exclude", async () => {
      await withDb(async (db) => {
        const caller = await adminCaller(db);
        const c = await createCustomer(db, caller, { name: "Globex", domains: ["globex.test"] });
        await queryRows(
          db,
          sql`insert into contacts (id, workspace_id, customer_id, address, source, seq)
            values ('con_hank', ${caller.workspace.id}, ${c.id}, 'hank@gmail.com', 'manual', 1)`,
        );
      });
      const refused = await tb("exclusions", "add", "@gmail.com");
      expect(refused.code).toBe(1);
      expect(refused.err).toBe(
        "gmail.com is a personal email provider: excluding it workspace-wide would drop mail from everyone who writes " +
          "from a gmail.com address — 1 customer contacts (hank@gmail.com) and 0 stored emails. " +
          "Exclude the person's address instead, or run it again with --yes to exclude the whole domain.",
      );
      expect((await tb("exclusions", "add", "@gmail.com", "--yes")).out).toBe(
        "Excluded domain gmail.com for the workspace.",
      );
    });

    it("ingest of a message without From, or of junk, says so in a sentence", async () => {
      const junk = join(dir, "junk.eml");
      writeFileSync(junk, "this is not an email at all\n");
      const run = await tb("ingest", MIXED_EML, junk);
      expect(run.code).toBe(0);
      const reason =
        "it has no From: header, so it is not an email Touchbase can store (is it an .eml file?)";
      expect(run.err.split("\n").sort()).toEqual(
        [`skipped ${junk}: ${reason}`, `skipped ${MIXED_EML}: ${reason}`].sort(),
      );
      expectNoLibraryText(run);
      expect(run.out).toBe(
        "2 messages: 0 stored, 0 duplicates, 0 not customer email, 0 excluded, 2 invalid.",
      );
    });

    it("customers export, then import of the same file, says everything is unchanged and writes nothing", async () => {
      const csv = join(dir, "export.csv");
      writeFileSync(csv, (await tb("customers", "export")).out + "\n");
      const seq = () =>
        withDb((db) => queryRows<{ seq: number }>(db, sql`select index_seq::int as seq from workspaces`));
      const before = await seq();
      const imported = await tb("customers", "import", csv);
      expect(imported.code).toBe(0);
      expect(imported.out).toBe("0 created, 0 updated, 2 unchanged, 0 rejected.");
      expect(await seq()).toEqual(before);
    });

    it("a name two workspaces share is ambiguous, and the sentence lists their ids; the database held is exit code 3", async () => {
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
      const run = await tb("customers", "list", "--workspace", "Acme CS", "--json");
      expect(run.code).toBe(1);
      expect(JSON.parse(run.err)).toEqual({
        error: {
          code: "ambiguous_workspace",
          message: `Several workspaces are named "Acme CS" (${ids.join(", ")}); give the one you mean by its id.`,
        },
      });
      if (kind === "pglite") {
        const held = await openDatabase({ dataDir: env.TOUCHBASE_DATA });
        try {
          const locked = await tb("customers", "list", "--workspace", ids[0]);
          expect(locked.code).toBe(3);
          expect(locked.err).toContain("in use by another Touchbase process");
        } finally {
          await held.close();
        }
      }
    });
  },
);

describe("the touchbase CLI process without a database", () => {
  it("prints help for every command, with an example, and the exit codes", async () => {
    const env = { TOUCHBASE_DATA: join(tempDir("touchbase-cli-help-"), "never-opened") };
    const help = await touchbase(env, "--help");
    expect(help.code).toBe(0);
    expect(help.out).toContain("Exit codes: 0 done");
    for (const name of ["customers create", "exclusions remove", "users deactivate", "tokens revoke"]) {
      expect(help.out).toContain(name);
    }
    const one = await touchbase(env, "tokens", "create", "--help");
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/^Usage: npm run touchbase -- tokens create <email> \[options\]/);
    expect(one.out).toContain("Example:\n  npm run touchbase -- tokens create rep@acme-cs.com");
    const nothing = await touchbase(env, "--json");
    expect(nothing.code).toBe(2);
    expect(JSON.parse(nothing.err)).toEqual({
      error: { code: "usage", message: "Which command? Here they are:" },
    });
  });
});
