import { configFromEnv } from "../config";
import { openDatabase, type Database } from "../db/connect";
import { HttpError } from "../http/http-error";
import { findWorkspace, listWorkspaces, type Caller } from "../data/workspaces";
import { asc, eq } from "drizzle-orm";
import { users } from "../db/schema";

/** A command's failure: one sentence for the terminal, exit code 1. */
export class CliError extends Error {}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export async function openCliDatabase(env: NodeJS.ProcessEnv): Promise<Database> {
  const config = configFromEnv(env);
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
}

/** The workspace a command acts on: `--workspace` (name or id), else the only one there is. */
export async function resolveCaller(
  db: Database["db"],
  workspace?: string,
  userEmail?: string,
): Promise<Caller> {
  let ws;
  if (workspace) {
    ws = await findWorkspace(db, workspace);
    if (!ws) throw new CliError(`There is no workspace named "${workspace}".`);
  } else {
    const all = await listWorkspaces(db);
    if (all.length === 0)
      throw new CliError("There is no workspace yet: create one with `workspace create <name>`.");
    if (all.length > 1) {
      throw new CliError(`There are ${all.length} workspaces; say which one with --workspace <name>.`);
    }
    ws = all[0];
  }
  const members = await db
    .select()
    .from(users)
    .where(eq(users.workspaceId, ws.id))
    .orderBy(asc(users.createdAt));
  const user = userEmail
    ? members.find((u) => u.email === userEmail.trim().toLowerCase())
    : (members.find((u) => u.role === "admin") ?? members[0]);
  if (!user) {
    throw new CliError(
      userEmail
        ? `${userEmail} is not a user of the workspace "${ws.name}".`
        : `The workspace "${ws.name}" has no users.`,
    );
  }
  return { workspace: ws, user };
}

/** HttpErrors raised by the shared data functions become the CLI's one-line errors. */
export function cliMessage(error: unknown): string | null {
  if (error instanceof CliError || error instanceof HttpError) return error.message;
  return null;
}
