// The CLI in-process, as the tests drive it: its output captured, and a database of each kind for it to open.
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { DatabaseKind } from "../src/db/connect";
import { runCli } from "../src/cli/run-cli";
import { createPostgresDatabase, tempDir } from "./test-databases";

export interface CliRun {
  code: number;
  out: string;
  err: string;
  lines: string[];
}

/** Runs `touchbase <argv>` in this process against the database `env` names. */
export async function cli(env: Record<string, string>, ...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { ...env }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n"), lines: out };
}

/** The settings that point the CLI at a fresh database of `kind`, and how to remove it afterwards. */
export async function cliDatabase(
  kind: DatabaseKind,
  prefix: string,
): Promise<{ env: Record<string, string>; dispose(): Promise<void> }> {
  const dir = tempDir(prefix);
  const pg = kind === "postgres" ? await createPostgresDatabase() : null;
  return {
    env: pg ? { DATABASE_URL: pg.url } : { TOUCHBASE_DATA: join(dir, "data") },
    dispose: async () => {
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
