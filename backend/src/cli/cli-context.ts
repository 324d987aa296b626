import { configFromEnv } from "../config";
import { openDatabase, type Database } from "../db/connect";
import { databaseMessage, isDataException, sqlState } from "../db/sql-state";
import { DataError } from "../data/errors";
import { findWorkspace, listWorkspaces, type Caller } from "../data/workspaces";
import { asc, eq } from "drizzle-orm";
import { users } from "../db/schema";
import type { OptionValues } from "./command-line";

/** A command's failure: one sentence for the terminal, exit code 1, and a stable code for `--json`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code = "refused",
  ) {
    super(message);
  }
}

/** What a command gets: the database, its words, and where to speak. */
export interface CommandContext {
  db: Database["db"];
  env: NodeJS.ProcessEnv;
  args: string[];
  options: OptionValues;
  json: boolean;
  /** A line for people (left out with --json, where the command's return value is the output). */
  say(line: string): void;
  /** A line on stderr, with or without --json. */
  warn(line: string): void;
  io: Output;
  /** The workspace (--workspace, else the only one), acting as its first active admin. */
  caller(): Promise<Caller>;
}

export const str = (ctx: CommandContext, name: string): string | undefined => {
  const v = ctx.options[name];
  return typeof v === "string" ? v : undefined;
};
export const list = (ctx: CommandContext, name: string): string[] => {
  const v = ctx.options[name];
  return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
};
export const flag = (ctx: CommandContext, name: string): boolean => ctx.options[name] === true;

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
    if (!ws) {
      const names = (await listWorkspaces(db)).map((w) => w.name);
      const close = names.find((n) => n.toLowerCase().includes(workspace.toLowerCase()));
      throw new CliError(
        `There is no workspace named "${workspace}"${close ? `; did you mean "${close}"?` : "."}`,
        "not_found",
      );
    }
  } else {
    const all = await listWorkspaces(db);
    if (all.length === 0)
      throw new CliError(
        "There is no workspace yet: create one with `workspace create <name> --admin-email <email>`.",
        "not_found",
      );
    if (all.length > 1) {
      throw new CliError(
        `There are ${all.length} workspaces (${all.map((w) => `"${w.name}"`).join(", ")}); say which one with --workspace <name>.`,
        "workspace_needed",
      );
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
    : (members.find((u) => u.role === "admin" && !u.deactivatedAt) ?? members.find((u) => !u.deactivatedAt));
  if (!user) {
    throw new CliError(
      userEmail
        ? `${userEmail} is not a user of the workspace "${ws.name}".`
        : `The workspace "${ws.name}" has no active users.`,
    );
  }
  return { workspace: ws, user };
}

/**
 * Any failure as the CLI's one line: its own errors and the data functions' DataErrors as they are, a database
 * error as the database's sentence (never drizzle's message, which holds the SQL and its parameters), anything
 * else by its message. Never a stack trace.
 */
export function cliMessage(error: unknown): string {
  if (error instanceof CliError || error instanceof DataError) return error.message;
  const e = error as NodeJS.ErrnoException;
  if (e?.code === "ENOENT" && e.path) return `No such file or folder: ${e.path}`;
  if (e?.code === "EACCES" && e.path) return `Permission denied: ${e.path}`;
  if (sqlState(error)) {
    const why = databaseMessage(error);
    return isDataException(error)
      ? `The database refused a value${why ? `: ${why}` : ""}.`
      : `The database reported a problem${why ? `: ${why}` : ""}.`;
  }
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return `The command failed: ${message || "unknown error"}.`;
}
