// The touchbase CLI: finds the command (command-line.ts), opens the server's database, runs it and speaks. Every
// mistake is one sentence and an exit code (EXIT_CODES); with --json the result, or the error, is JSON.
import { ConfigError } from "../config";
import { DataDirLockedError } from "../db/data-dir-lock";
import { databaseMessage, sqlState } from "../db/sql-state";
import type { Database } from "../db/connect";
import { DataError } from "../data/errors";
import {
  commandHelp,
  overview,
  parseCommandLine,
  UsageError,
  type CommandSpec,
  type ParsedCommand,
} from "./command-line";
import {
  cliMessage,
  CliError,
  openCliDatabase,
  resolveCaller,
  str,
  type CommandContext,
  type Output,
} from "./cli-context";
import { dataCommands } from "./data-commands";
import { peopleCommands } from "./people-commands";
import { signInLinkCommand } from "./sign-in-link-command";

export const COMMANDS: CommandSpec<CommandContext>[] = [
  ...peopleCommands,
  signInLinkCommand,
  ...dataCommands,
];
const specs = COMMANDS as unknown as CommandSpec<never>[];

export const USAGE = overview(specs);

export const EXIT = { ok: 0, failed: 1, usage: 2, database: 3 } as const;

function report(io: Output, json: boolean, code: string, message: string, hint?: string): void {
  if (json) io.err(JSON.stringify({ error: { code, message } }));
  else io.err(hint ? `${message}\n\n${hint}` : message);
}

/**
 * Runs one command line. `options.database` lends an open database (tests that run many commands in-process);
 * otherwise the command opens the server's database and closes it.
 */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: Output,
  options: { database?: Database } = {},
): Promise<number> {
  let parsed: ParsedCommand<CommandContext>;
  const json = argv.includes("--json");
  try {
    parsed = parseCommandLine(argv, COMMANDS);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const hint = error.command
      ? `Usage: see \`npm run touchbase -- ${error.command.name} --help\`.`
      : undefined;
    report(io, json, "usage", error.message, hint);
    return EXIT.usage;
  }
  const { command } = parsed;
  if (!command) {
    if (parsed.help) {
      io.out(overview(specs, parsed.group));
      return EXIT.ok;
    }
    report(io, json, "usage", "Which command? Here they are:", USAGE);
    return EXIT.usage;
  }
  if (parsed.help) {
    io.out(commandHelp(command as unknown as CommandSpec<never>));
    return EXIT.ok;
  }

  let database: Database;
  try {
    database = options.database ?? (await openCliDatabase(env));
  } catch (error) {
    let message: string;
    if (error instanceof DataDirLockedError) {
      message = `${error.message} (The server is probably running: stop it, or use the API.)`;
    } else if (error instanceof ConfigError) {
      message = error.message;
    } else {
      const why = sqlState(error) ? databaseMessage(error) : String((error as Error)?.message).split("\n")[0];
      message = `The database could not be opened: ${why}`;
    }
    report(io, parsed.json, "database_unavailable", message);
    return EXIT.database;
  }
  const ctx: CommandContext = {
    db: database.db,
    env,
    args: parsed.args,
    options: parsed.options,
    json: parsed.json,
    io,
    say: (line) => {
      if (!parsed.json) io.out(line);
    },
    warn: (line) => io.err(line),
    caller: () => resolveCaller(database.db, str(ctx, "workspace")),
  };
  try {
    const result = await command.run(ctx);
    if (parsed.json) io.out(JSON.stringify(result, null, 2));
    return EXIT.ok;
  } catch (error) {
    const code = error instanceof CliError || error instanceof DataError ? error.code : "failed";
    report(io, parsed.json, code, cliMessage(error));
    return code === "usage" ? EXIT.usage : EXIT.failed;
  } finally {
    if (!options.database) await database.close();
  }
}
