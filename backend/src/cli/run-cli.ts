// The touchbase CLI's commands; `main.ts` runs them. Administration on the same database the server uses.
import { constants, createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { parseArgs } from "node:util";
import { importCustomersCsv } from "../data/customer-import";
import { exportCustomersCsv } from "../data/customer-list";
import { createExclusion } from "../data/exclusions";
import { vacuumEmailTables } from "../data/vacuum";
import { createUser, createWorkspace } from "../data/workspaces";
import { ConfigError } from "../config";
import { DataDirLockedError } from "../db/data-dir-lock";
import { databaseMessage, sqlState } from "../db/sql-state";
import { cliMessage, CliError, openCliDatabase, resolveCaller, type Output } from "./cli-context";
import { ingestCommand } from "./ingest-command";

export const USAGE = `Usage: npm run touchbase -- <command>

  workspace create <name> [--internal-domain <domain>]… [--admin-email <email>]
  user create <workspace> <email> [--admin]
  customers import <file.csv> [--workspace <name>]
  customers export [--workspace <name>]
  exclusions add <address|@domain> [--workspace <name>] [--purge]
  ingest <path…> [--dry-run] [--workspace <name>] [--user <email>]
  vacuum [--full]        reclaim deleted emails' space now (--full rewrites the tables; stop the server first)

The database is the server's: TOUCHBASE_DATA (embedded, default ./.touchbase/data) or DATABASE_URL.`;

const OPTIONS = {
  "internal-domain": { type: "string", multiple: true },
  "admin-email": { type: "string" },
  admin: { type: "boolean" },
  workspace: { type: "string" },
  user: { type: "string" },
  purge: { type: "boolean" },
  "dry-run": { type: "boolean" },
  full: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export async function runCli(argv: string[], env: NodeJS.ProcessEnv, io: Output): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [group, action, ...rest] = positionals;
  const single = group === "ingest" || group === "vacuum";
  const command = single ? group : `${group ?? ""} ${action ?? ""}`.trim();
  const known = [
    "workspace create",
    "user create",
    "customers import",
    "customers export",
    "exclusions add",
    "ingest",
    "vacuum",
  ];
  if (values.help || !known.includes(command)) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  const args = group === "ingest" ? positionals.slice(1) : rest;
  const need = (n: number, what: string) => {
    if (args.length < n) throw new CliError(`Missing ${what}.\n\n${USAGE}`);
  };

  let database;
  try {
    database = await openCliDatabase(env);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      io.err(`${error.message} (The server is probably running: stop it, or use the API.)`);
    } else if (error instanceof ConfigError) {
      io.err(error.message);
    } else {
      const why = sqlState(error) ? databaseMessage(error) : String((error as Error)?.message).split("\n")[0];
      io.err(`The database could not be opened: ${why}`);
    }
    return 1;
  }
  const { db } = database;
  try {
    switch (command) {
      case "workspace create": {
        need(1, "the workspace name");
        const { workspace, admin, token } = await createWorkspace(db, {
          name: args[0],
          internalDomains: values["internal-domain"] ?? [],
          adminEmail: values["admin-email"] ?? env.TOUCHBASE_ADMIN_EMAIL ?? "admin@touchbase.local",
        });
        io.out(`Created workspace "${workspace.name}" (${workspace.id}) with admin ${admin.email}.`);
        io.out(`Admin API token (shown once): ${token}`);
        break;
      }
      case "user create": {
        need(2, "the workspace and the user's email");
        const { workspace } = await resolveCaller(db, args[0]);
        const { user, token } = await createUser(db, workspace.id, {
          email: args[1],
          role: values.admin ? "admin" : "member",
        });
        io.out(`Created ${user.role} ${user.email} in "${workspace.name}".`);
        io.out(`API token (shown once): ${token}`);
        break;
      }
      case "customers import": {
        need(1, "the CSV file");
        const caller = await resolveCaller(db, values.workspace);
        await access(args[0], constants.R_OK).catch(() => {
          throw new CliError(`Cannot read ${args[0]}.`);
        });
        // Streamed: a file of any size is read and written a chunk at a time.
        const result = await importCustomersCsv(db, caller, createReadStream(args[0], { encoding: "utf8" }));
        io.out(`${result.created} created, ${result.updated} updated, ${result.errors.length} rejected.`);
        for (const e of result.errors) io.err(`line ${e.line}: ${e.message}`);
        break;
      }
      case "customers export": {
        const caller = await resolveCaller(db, values.workspace);
        io.out((await exportCustomersCsv(db, caller)).trimEnd());
        break;
      }
      case "exclusions add": {
        need(1, "the address or @domain to exclude");
        const caller = await resolveCaller(db, values.workspace);
        const value = args[0].trim();
        const kind = value.startsWith("@") || !value.includes("@") ? "domain" : "address";
        const { exclusion, created } = await createExclusion(db, caller, {
          kind,
          value,
          scope: "workspace",
          purge: values.purge ?? false,
        });
        io.out(
          `${created ? "Excluded" : "Already excluded"} ${kind} ${exclusion.value} for the workspace` +
            (values.purge ? `; ${exclusion.purged} stored emails removed.` : "."),
        );
        break;
      }
      case "vacuum": {
        const started = Date.now();
        await vacuumEmailTables(db, values.full ?? false);
        io.out(
          `Vacuumed the email tables${values.full ? " (rewritten)" : ""} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        );
        break;
      }
      case "ingest": {
        need(1, "a file, folder or mbox to ingest");
        const caller = await resolveCaller(db, values.workspace, values.user);
        await ingestCommand(
          db,
          caller,
          args,
          { dryRun: values["dry-run"] ?? false, progress: Boolean(process.stderr.isTTY) },
          io,
        );
        break;
      }
    }
    return 0;
  } catch (error) {
    io.err(cliMessage(error));
    return 1;
  } finally {
    await database.close();
  }
}
