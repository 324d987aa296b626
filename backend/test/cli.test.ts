import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type DatabaseKind } from "../src/db/connect";
import { findCallerByToken } from "../src/data/workspaces";
import { fixtureEmails, FIXTURE_DIR } from "../src/demo/fixture-emails";
import { COMMANDS } from "../src/cli/run-cli";
import { cli, cliDatabase } from "./cli-harness";
import { databaseKinds, tempDir } from "./test-databases";

describe.each(databaseKinds)("touchbase CLI on %s", (kind: DatabaseKind) => {
  let env: Record<string, string>;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ env, dispose } = await cliDatabase(kind, "touchbase-cli-"));
  });
  /** Files the tests write for the CLI to read. */
  const dir = tempDir("touchbase-cli-files-");
  afterAll(async () => {
    await dispose?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const withDb = async <T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>["db"]) => Promise<T>) => {
    const database = await openDatabase({ dataDir: env.TOUCHBASE_DATA, databaseUrl: env.DATABASE_URL });
    try {
      return await fn(database.db);
    } finally {
      await database.close();
    }
  };

  it("creates a workspace and users, printing each token once", async () => {
    const ws = await cli(
      env,
      "workspace",
      "create",
      "Fixture Co",
      "--internal-domain",
      "lindsaar.net",
      "--admin-email",
      "mikel@test.lindsaar.net",
    );
    expect(ws.code).toBe(0);
    const token = /token \(shown once\): (\S+)/.exec(ws.out)?.[1] as string;
    expect(token).toMatch(/^tb_/);
    const user = await cli(
      env,
      "users",
      "create",
      "raasdnil@gmail.com",
      "--admin",
      "--workspace",
      "Fixture Co",
    );
    expect(user.code).toBe(0);
    const userToken = /token \(shown once\): (\S+)/.exec(user.out)?.[1] as string;
    await withDb(async (db) => {
      expect((await findCallerByToken(db, token))?.user.email).toBe("mikel@test.lindsaar.net");
      expect((await findCallerByToken(db, userToken))?.user).toMatchObject({
        email: "raasdnil@gmail.com",
        role: "admin",
      });
      // Only hashes are stored.
      const rows = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from api_tokens where token_hash = ${token}`,
      );
      expect(rows[0].n).toBe(0);
    });
    const again = await cli(env, "users", "create", "raasdnil@gmail.com", "--workspace", "Fixture Co");
    expect(again.code).toBe(1);
    expect(again.err).toContain("already a user");
    expect((await cli(env, "users", "create", "x@y.test", "--workspace", "No Such")).err).toContain(
      'no workspace named "No Such"',
    );
  });

  it("imports and exports customers as CSV, and adds exclusions", async () => {
    const csv = join(dir, "customers.csv");
    writeFileSync(
      csv,
      "name,domains,owner\nExample Corp,example.net;example.com,Dana\nBuilders,test.lindsaar.net.au,\n,nameless.test,\nMachines,machine.example,Fox\n",
    );
    const imported = await cli(env, "customers", "import", csv);
    expect(imported.code).toBe(0);
    expect(imported.out).toBe("3 created, 0 updated, 0 unchanged, 1 rejected.");
    expect(imported.err).toContain("line 4: The name is empty.");
    const exported = await cli(env, "customers", "export");
    expect(exported.out.split(/\r?\n/)[0]).toBe("name,domains,owner,lastTouchAt");
    expect(exported.out).toContain("Example Corp,example.net;example.com,Dana,");
    const excluded = await cli(env, "exclusions", "add", "@spam.example");
    expect(excluded.out).toBe("Excluded domain spam.example for the workspace.");
    expect((await cli(env, "exclusions", "add", "@spam.example")).out).toContain("Already excluded");
    expect((await cli(env, "customers", "import", join(dir, "missing.csv"))).err).toContain("Cannot read");
  });

  it("ingest --dry-run over the 50 fixtures says what would be stored, for whom, and why not — and writes nothing", async () => {
    const dry = await cli(env, "ingest", FIXTURE_DIR, "--dry-run");
    expect(dry.code).toBe(0);
    const perMessage = dry.lines.filter((l) => /^(would store|would skip|duplicate)/.test(l));
    expect(perMessage).toHaveLength(fixtureEmails().length);
    const wouldStore = perMessage.filter((l) => l.startsWith("would store"));
    expect(wouldStore.length).toBeGreaterThan(0);
    for (const line of wouldStore) expect(line).toMatch(/→ (Example Corp|Builders|Machines)/);
    expect(dry.out).toMatch(/would skip .*calendar-event\.eml.*: it is a calendar invitation/);
    expect(dry.out).toMatch(/would skip .*delivery-status\.eml.*no-reply/);
    expect(dry.out).toMatch(/would skip .*: no participant belongs to a customer/);
    const summary = dry.lines[dry.lines.length - 1];
    expect(summary).toMatch(
      /^50 messages: \d+ would be stored, \d+ duplicates, \d+ not customer email, \d+ excluded, \d+ invalid\.$/,
    );
    await withDb(async (db) => {
      expect((await queryRows<{ n: number }>(db, sql`select count(*)::int as n from emails`))[0].n).toBe(0);
    });

    const real = await cli(env, "ingest", FIXTURE_DIR);
    expect(real.code).toBe(0);
    const storedNow = Number(/: (\d+) stored/.exec(real.out)?.[1]);
    expect(storedNow).toBe(wouldStore.length);
    await withDb(async (db) => {
      const rows = await queryRows<{ n: number; source: string }>(
        db,
        sql`select count(*)::int as n, min(source) as source from emails`,
      );
      expect(rows[0]).toEqual({ n: storedNow, source: "import" });
    });
    const twice = await cli(env, "ingest", FIXTURE_DIR);
    expect(twice.out).toMatch(/: 0 stored, \d+ duplicates/);
    const dryAfter = await cli(env, "ingest", FIXTURE_DIR, "--dry-run");
    expect(dryAfter.lines.filter((l) => l.startsWith("would store"))).toHaveLength(0);
  });

  it("reads mbox files (as a Google Takeout export writes them)", async () => {
    const picks = fixtureEmails().filter((f) => /standard_replies\/(gmail|yahoo|outlook)\.eml$/.test(f.name));
    const mbox = picks
      .map(
        (f) =>
          `From sender@example.com Thu Jan  1 00:00:00 2026\n${f.raw
            .toString("latin1")
            .replace(/\r\n/g, "\n")
            .replace(/^From /gm, ">From ")}\n`,
      )
      .join("\n");
    const path = join(dir, "Takeout.mbox");
    writeFileSync(path, mbox, "latin1");
    const dry = await cli(env, "ingest", path, "--dry-run");
    expect(dry.out).toMatch(/^3 messages:/m);
    expect(dry.lines.filter((l) => l.includes("Takeout.mbox#"))).toHaveLength(3);
  });

  it("vacuums the email tables on demand (plain and full)", async () => {
    const plain = await cli(env, "vacuum");
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/^Vacuumed the email tables in \d+\.\d s\.$/);
    const full = await cli(env, "vacuum", "--full");
    expect(full.out).toMatch(/^Vacuumed the email tables \(rewritten\) in/);
    // The data is all still there.
    await withDb(async (db) => {
      expect(
        (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from emails`))[0].n,
      ).toBeGreaterThan(0);
    });
  });

  it("explains usage and bad arguments in one place", async () => {
    expect((await cli(env, "frobnicate")).code).toBe(2);
    expect((await cli(env, "ingest")).err).toContain("Missing <path>: a file");
    expect((await cli(env, "ingest", join(dir, "nope.eml"))).err).toContain("No such file");
    expect((await cli(env, "--help")).out).toContain("Usage: npm run touchbase");
  });
});

describe("touchbase CLI on the embedded database", () => {
  it("says in one line that the database is held by a running server", async () => {
    const dir = tempDir("touchbase-cli-lock-");
    const env = { TOUCHBASE_DATA: dir };
    const held = await openDatabase({ dataDir: dir });
    try {
      const res = await cli(env, "customers", "export");
      expect(res.code).toBe(3);
      expect(res.err.split("\n")).toHaveLength(1);
      expect(res.err).toContain("in use by another Touchbase process");
    } finally {
      await held.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the CLI's commands and the README", () => {
  const env = { TOUCHBASE_DATA: "/nonexistent/never-opened" };

  it("gives every command a --help with its usage, options and an example, without opening the database", async () => {
    for (const command of COMMANDS) {
      const res = await cli(env, ...command.name.split(" "), "--help");
      expect(res.code, command.name).toBe(0);
      expect(res.out).toContain(`Usage: npm run touchbase -- ${command.name}`);
      expect(res.out).toContain("--json");
      expect(res.out).toContain(`Example:\n  ${command.example}`);
      expect(command.example.startsWith(`npm run touchbase -- ${command.name}`), command.name).toBe(true);
    }
  });

  it("has a root README that names PORT, says how to get a token later and links nothing outside the repository", () => {
    const readme = readFileSync(resolve(import.meta.dirname, "../../README.md"), "utf8");
    expect(readme).toContain("set `PORT` for another one");
    expect(readme).toContain('npm run touchbase -- tokens create <email> --name "what it is for"');
    const links = [...readme.matchAll(/\]\(([^)#]+)[^)]*\)/g)]
      .map((m) => m[1])
      .filter((l) => !/^https?:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const target = resolve(import.meta.dirname, "../..", link);
      expect(target.startsWith(resolve(import.meta.dirname, "../..") + "/"), link).toBe(true);
      expect(existsSync(target), link).toBe(true);
    }
    expect(readme).not.toMatch(/`\.\.\//);
  });

  it("lists every command with its example in the root README's command table", () => {
    const readme = readFileSync(resolve(import.meta.dirname, "../../README.md"), "utf8");
    for (const command of COMMANDS) {
      const example = command.example.replace("npm run touchbase -- ", "").replace(/\|/g, "\\|");
      expect(readme, command.name).toContain(`| \`${command.name}\` | \`${example}\` |`);
    }
  });
});
