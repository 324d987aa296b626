// `customers …`, `exclusions …`, `ingest`, `vacuum` and `backfill-signals`: the workspace's data without the web
// workspace.
import { constants, createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { and, eq, or, sql } from "drizzle-orm";
import { isPersonalDomain, type Customer, type Exclusion } from "../../../shared/index";
import { queryRows } from "../db/connect";
import { contacts, customers, exclusions } from "../db/schema";
import { importCustomersCsv } from "../data/customer-import";
import { exportCustomersCsv, listCustomers } from "../data/customer-list";
import { createCustomer, deleteCustomer, getCustomer, updateCustomer } from "../data/customers";
import { createExclusion, deleteExclusion, listExclusions } from "../data/exclusions";
import { findMember } from "../data/members";
import { normalizeAddressOrThrow, normalizeDomainOrThrow } from "../data/normalize";
import { backfillReplyTexts } from "../data/reply-texts";
import { vacuumEmailTables } from "../data/vacuum";
import type { Caller } from "../data/workspaces";
import type { CommandSpec } from "./command-line";
import { CliError, flag, list, str, type CommandContext } from "./cli-context";
import { replyPool } from "../reply/reply-pool";
import { ingestCommand } from "./ingest-command";

const workspaceOption = {
  workspace: { type: "string", value: "<name or id>", help: "the workspace, when there are several" },
} as const;
const yesOption = {
  yes: { type: "boolean", help: "do it without asking (the command says first what it would do)" },
} as const;

function customerLine(c: Customer): string {
  const touch = c.lastTouchAt ? `  last touch ${c.lastTouchAt.slice(0, 10)}` : "";
  return `${c.id}  ${c.name}${c.domains.length ? `  (${c.domains.join(", ")})` : ""}${touch}`;
}

/** `--attribute plan=Business`: a profile attribute, typed as the CSV import types it. */
function attributesOf(pairs: string[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at < 1)
      throw new CliError(`--attribute takes key=value (e.g. plan=Business), not "${pair}".`, "usage");
    const value = pair.slice(at + 1).trim();
    out[pair.slice(0, at).trim()] =
      /^-?\d+(\.\d+)?$/.test(value) && String(Number(value)) === value
        ? Number(value)
        : value === "true" || value === "false"
          ? value === "true"
          : value;
  }
  return out;
}

/** A customer by id or by name (case-insensitive); several of one name is a sentence listing their ids. */
async function findCustomer(ctx: CommandContext, caller: Caller, key: string): Promise<Customer> {
  const rows = await ctx.db
    .select({ id: customers.id })
    .from(customers)
    .where(
      and(
        eq(customers.workspaceId, caller.workspace.id),
        or(eq(customers.id, key), sql`lower(${customers.name}) = lower(${key})`),
      ),
    )
    .limit(10);
  const exact = rows.find((r) => r.id === key);
  if (!exact && rows.length > 1) {
    throw new CliError(
      `Several customers are named "${key}" (${rows.map((r) => r.id).join(", ")}); give the one you mean by its id.`,
      "ambiguous",
    );
  }
  const id = exact?.id ?? rows[0]?.id;
  if (!id) {
    throw new CliError(
      `There is no customer "${key}" in "${caller.workspace.name}"; \`customers list --search <text>\` finds one.`,
      "not_found",
    );
  }
  return getCustomer(ctx.db, caller, id);
}

const count = async (ctx: CommandContext, query: ReturnType<typeof sql>) =>
  (await queryRows<{ n: number }>(ctx.db, query))[0]?.n ?? 0;

/** The value of an exclusion as written on the command line: `@domain` or a bare domain, else an address. */
function exclusionValue(raw: string): { kind: "address" | "domain"; value: string } {
  const value = raw.trim();
  return value.startsWith("@") || !value.includes("@")
    ? { kind: "domain", value: normalizeDomainOrThrow(value.replace(/^@/, "")) }
    : { kind: "address", value: normalizeAddressOrThrow(value) };
}

export const dataCommands: CommandSpec<CommandContext>[] = [
  {
    name: "customers list",
    summary: "List customers by name, with their domains and last touch",
    args: [],
    options: {
      search: { type: "string", value: "<text>", help: "only names or domains containing this" },
      limit: { type: "string", value: "<n>", help: "at most this many (default: all)" },
      ...workspaceOption,
    },
    example: "npm run touchbase -- customers list --search acme",
    async run(ctx) {
      const caller = await ctx.caller();
      const limitRaw = str(ctx, "limit");
      const limit = limitRaw === undefined ? Infinity : Number(limitRaw);
      if (!(limit >= 1) || (limitRaw !== undefined && !/^\d+$/.test(limitRaw))) {
        throw new CliError(`--limit takes a positive whole number, not "${limitRaw}".`, "usage");
      }
      const all: Customer[] = [];
      let cursor: string | undefined;
      do {
        const page = await listCustomers(ctx.db, caller, {
          q: str(ctx, "search"),
          cursor,
          limit: Math.min(500, limit - all.length),
        });
        all.push(...page.customers);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && all.length < limit);
      if (all.length === 0) ctx.say("No customers.");
      for (const c of all) ctx.say(customerLine(c));
      return { customers: all };
    },
  },
  {
    name: "customers create",
    summary: "Create a customer with its domains and profile attributes",
    args: [{ name: "<name>", help: "the customer's name (quote it when it has spaces)" }],
    options: {
      domain: { type: "string", multiple: true, value: "<domain>", help: "a domain of the customer" },
      attribute: { type: "string", multiple: true, value: "<key=value>", help: "a profile attribute" },
      ...workspaceOption,
    },
    example: 'npm run touchbase -- customers create "Foo Inc" --domain foo.com --attribute plan=Business',
    details:
      "A name another customer has is refused: the CLI and the CSV import find customers by name.\n" +
      "A domain belongs to one customer; a personal provider (gmail.com) or a public suffix (co.uk) is refused.",
    async run(ctx) {
      const caller = await ctx.caller();
      const name = ctx.args[0].trim();
      const [same] = await ctx.db
        .select({ id: customers.id, name: customers.name })
        .from(customers)
        .where(
          and(eq(customers.workspaceId, caller.workspace.id), sql`lower(${customers.name}) = lower(${name})`),
        )
        .limit(1);
      if (same) {
        throw new CliError(
          `A customer named "${same.name}" already exists (${same.id}); change it with \`customers update\`.`,
          "customer_exists",
        );
      }
      if (!name || name.length > 200)
        throw new CliError("A customer needs a name of 1 to 200 characters.", "usage");
      const created = await createCustomer(ctx.db, caller, {
        name,
        domains: list(ctx, "domain"),
        attributes: attributesOf(list(ctx, "attribute")),
      });
      ctx.say(`Created customer ${customerLine(created)}.`);
      return created;
    },
  },
  {
    name: "customers update",
    summary: "Rename a customer, replace its domains, or set and remove attributes",
    args: [{ name: "<name or id>", help: "the customer" }],
    options: {
      name: { type: "string", value: "<name>", help: "its new name" },
      domain: {
        type: "string",
        multiple: true,
        value: "<domain>",
        help: "its domains (replace the current ones)",
      },
      attribute: { type: "string", multiple: true, value: "<key=value>", help: "set a profile attribute" },
      "remove-attribute": {
        type: "string",
        multiple: true,
        value: "<key>",
        help: "remove a profile attribute",
      },
      ...workspaceOption,
    },
    example: 'npm run touchbase -- customers update "Foo Inc" --domain foo.com --domain foo.io',
    async run(ctx) {
      const caller = await ctx.caller();
      const current = await findCustomer(ctx, caller, ctx.args[0]);
      const set = attributesOf(list(ctx, "attribute"));
      const remove = list(ctx, "remove-attribute");
      const name = str(ctx, "name");
      const domains = list(ctx, "domain");
      if (
        name === undefined &&
        domains.length === 0 &&
        Object.keys(set).length === 0 &&
        remove.length === 0
      ) {
        throw new CliError(
          "Nothing to change: give --name, --domain, --attribute or --remove-attribute.",
          "usage",
        );
      }
      const attributes = { ...current.attributes, ...set };
      for (const key of remove) delete attributes[key];
      const updated = await updateCustomer(ctx.db, caller, current.id, {
        ...(name !== undefined ? { name: name.trim() } : {}),
        ...(domains.length ? { domains } : {}),
        ...(Object.keys(set).length || remove.length ? { attributes } : {}),
      });
      ctx.say(`Updated customer ${customerLine(updated)}.`);
      return updated;
    },
  },
  {
    name: "customers delete",
    summary: "Delete a customer, its contacts and the emails that were its alone (asks for --yes)",
    args: [{ name: "<name or id>", help: "the customer" }],
    options: { ...yesOption, ...workspaceOption },
    example: 'npm run touchbase -- customers delete "Foo Inc" --yes',
    async run(ctx) {
      const caller = await ctx.caller();
      const customer = await findCustomer(ctx, caller, ctx.args[0]);
      const contactCount = await count(
        ctx,
        sql`select count(*)::int as n from ${contacts} where customer_id = ${customer.id}`,
      );
      const emailCount = await count(
        ctx,
        sql`select count(*)::int as n from email_customers ec where ec.customer_id = ${customer.id}
              and not exists (select 1 from email_customers o where o.email_id = ec.email_id and o.customer_id <> ${customer.id})`,
      );
      const what = `"${customer.name}" with ${contactCount} contacts and ${emailCount} emails that belong to it alone`;
      if (!flag(ctx, "yes")) {
        throw new CliError(
          `This would delete ${what}. Run it again with --yes to delete them.`,
          "confirmation_needed",
        );
      }
      await deleteCustomer(ctx.db, caller, customer.id);
      ctx.say(`Deleted ${what}.`);
      return {
        deleted: { id: customer.id, name: customer.name, contacts: contactCount, emails: emailCount },
      };
    },
  },
  {
    name: "customers import",
    summary: "Create or update customers from a CSV file (name, domains, any attribute columns)",
    args: [{ name: "<file.csv>", help: "the CSV file" }],
    options: { ...workspaceOption },
    example: "npm run touchbase -- customers import customers.csv",
    details:
      "A row whose name exists updates that customer; a row that would change nothing is counted unchanged.",
    async run(ctx) {
      const caller = await ctx.caller();
      await access(ctx.args[0], constants.R_OK).catch(() => {
        throw new CliError(`Cannot read ${ctx.args[0]}.`, "unreadable");
      });
      // Streamed: a file of any size is read and written a chunk at a time.
      const file = createReadStream(ctx.args[0], { encoding: "utf8" });
      const result = await importCustomersCsv(ctx.db, caller, file);
      ctx.say(
        `${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.errors.length} rejected.`,
      );
      for (const e of result.errors) ctx.warn(`line ${e.line}: ${e.message}`);
      return result;
    },
  },
  {
    name: "customers export",
    summary: "Write every customer as CSV to stdout (imports again unchanged)",
    args: [],
    options: { ...workspaceOption },
    example: "npm run touchbase -- customers export > customers.csv",
    async run(ctx) {
      const csv = (await exportCustomersCsv(ctx.db, await ctx.caller())).trimEnd();
      ctx.say(csv);
      return { csv };
    },
  },
  {
    name: "exclusions list",
    summary: "List the workspace-wide exclusions",
    args: [],
    options: { ...workspaceOption },
    example: "npm run touchbase -- exclusions list",
    async run(ctx) {
      const caller = await ctx.caller();
      const all: Exclusion[] = [];
      // Page by page in the list's own order (keyset), so a block list of any length is read in bounded steps.
      let cursor: string | null = null;
      do {
        const page = await listExclusions(ctx.db, caller, { cursor: cursor ?? undefined, limit: 500 });
        all.push(...page.exclusions.filter((e) => e.scope === "workspace"));
        cursor = page.nextCursor;
      } while (cursor);
      if (all.length === 0) ctx.say("No workspace exclusions.");
      for (const e of all) ctx.say(`${e.id}  ${e.kind === "domain" ? `@${e.value}` : e.value}`);
      return { exclusions: all };
    },
  },
  {
    name: "exclusions add",
    summary: "Exclude an address or @domain for the whole workspace (never stored from then on)",
    args: [{ name: "<address|@domain>", help: "what to exclude" }],
    options: {
      purge: { type: "boolean", help: "also remove the stored emails it now rejects" },
      ...yesOption,
      ...workspaceOption,
    },
    example: "npm run touchbase -- exclusions add @family.example --purge",
    details:
      "A personal provider's domain (gmail.com, outlook.com…) is refused without --yes: it would exclude every\n" +
      "customer contact who writes from such an address. Exclude the person's address instead.",
    async run(ctx) {
      const caller = await ctx.caller();
      const { kind, value } = exclusionValue(ctx.args[0]);
      if (kind === "domain" && isPersonalDomain(value) && !flag(ctx, "yes")) {
        const like = `%@${value.replace(/[\\%_]/g, (m) => `\\${m}`)}`;
        const people = await queryRows<{ address: string }>(
          ctx.db,
          sql`select address from ${contacts} where workspace_id = ${caller.workspace.id} and address like ${like} order by address`,
        );
        const stored = await count(
          ctx,
          sql`select count(*)::int as n from emails where workspace_id = ${caller.workspace.id} and participants ? ${`@${value}`}`,
        );
        const examples = people
          .slice(0, 3)
          .map((p) => p.address)
          .join(", ");
        throw new CliError(
          `${value} is a personal email provider: excluding it workspace-wide would drop mail from everyone who writes ` +
            `from a ${value} address — ${people.length} customer contacts${examples ? ` (${examples}${people.length > 3 ? ", …" : ""})` : ""} ` +
            `and ${stored} stored emails. Exclude the person's address instead, or run it again with --yes to exclude the whole domain.`,
          "confirmation_needed",
        );
      }
      const { exclusion, created } = await createExclusion(ctx.db, caller, {
        kind,
        value,
        scope: "workspace",
        purge: flag(ctx, "purge"),
      });
      ctx.say(
        `${created ? "Excluded" : "Already excluded"} ${kind} ${exclusion.value} for the workspace` +
          (flag(ctx, "purge") ? `; ${exclusion.purged} stored emails removed.` : "."),
      );
      return { exclusion, created };
    },
  },
  {
    name: "exclusions remove",
    summary: "Remove a workspace exclusion (by its address, @domain or id)",
    args: [{ name: "<address|@domain|id>", help: "the exclusion" }],
    options: { ...workspaceOption },
    example: "npm run touchbase -- exclusions remove @family.example",
    async run(ctx) {
      const caller = await ctx.caller();
      const key = ctx.args[0].trim();
      let id = key.startsWith("exc_") ? key : undefined;
      if (!id) {
        const { kind, value } = exclusionValue(key);
        const [row] = await ctx.db
          .select({ id: exclusions.id })
          .from(exclusions)
          .where(
            and(
              eq(exclusions.workspaceId, caller.workspace.id),
              sql`${exclusions.userId} is null`,
              eq(exclusions.kind, kind),
              eq(exclusions.value, value),
            ),
          );
        if (!row)
          throw new CliError(
            `${key} is not excluded for the workspace; \`exclusions list\` shows what is.`,
            "not_found",
          );
        id = row.id;
      }
      await deleteExclusion(ctx.db, caller, id);
      ctx.say(`Removed the exclusion ${key}: mail with it is synced again from now on.`);
      return { removed: id };
    },
  },
  {
    name: "ingest",
    summary: "Store customer mail from .eml files, folders and mbox files (--dry-run: say what would happen)",
    args: [{ name: "<path>", help: "a file, folder or mbox to ingest", variadic: true }],
    options: {
      "dry-run": { type: "boolean", help: "write nothing; say for each message what would happen and why" },
      user: {
        type: "string",
        value: "<email>",
        help: "classify and store as this member (default: the first admin)",
      },
      ...workspaceOption,
    },
    example: "npm run touchbase -- ingest ~/Takeout/Mail/All.mbox --dry-run",
    async run(ctx) {
      const caller = await ctx.caller();
      const who = str(ctx, "user");
      const as = who ? { workspace: caller.workspace, user: await findMember(ctx.db, caller, who) } : caller;
      const { totals, messages } = await ingestCommand(
        ctx.db,
        as,
        ctx.args,
        {
          dryRun: flag(ctx, "dry-run"),
          progress: !ctx.json && Boolean(process.stderr.isTTY),
          quiet: ctx.json,
        },
        ctx.io,
      );
      return { totals, ...(flag(ctx, "dry-run") ? { messages } : {}) };
    },
  },
  {
    name: "vacuum",
    summary: "Reclaim deleted emails' space now (--full rewrites the tables; stop the server first)",
    args: [],
    options: { full: { type: "boolean", help: "rewrite the tables (VACUUM FULL)" } },
    example: "npm run touchbase -- vacuum --full",
    async run(ctx) {
      const started = Date.now();
      await vacuumEmailTables(ctx.db, flag(ctx, "full"));
      const seconds = (Date.now() - started) / 1000;
      ctx.say(
        `Vacuumed the email tables${flag(ctx, "full") ? " (rewritten)" : ""} in ${seconds.toFixed(1)} s.`,
      );
      return { full: flag(ctx, "full"), seconds };
    },
  },
  {
    name: "backfill-signals",
    summary: "Compute reply text and conversation signals for emails stored before they existed",
    args: [],
    options: {},
    example: "npm run touchbase -- backfill-signals",
    async run(ctx) {
      const emails = await backfillReplyTexts(ctx.db);
      await replyPool.close();
      ctx.say(
        emails > 0
          ? `Reply text and signals computed for ${emails} emails.`
          : "Every email has its reply text already.",
      );
      return { emails };
    },
  },
];
