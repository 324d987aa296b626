// `workspace …`, `users …` and `tokens …`: what an administrator does about people and their access.
import { and, asc, eq } from "drizzle-orm";
import type { AccessToken, Member } from "../../../shared/index";
import { apiTokens, users } from "../db/schema";
import { findMember, listMembers, memberView, updateMember } from "../data/members";
import { createToken, listTokens, revokeToken } from "../data/tokens";
import { createUser, createWorkspace, listWorkspaces, type Caller } from "../data/workspaces";
import type { CommandSpec } from "./command-line";
import { CliError, flag, list, str, type CommandContext } from "./cli-context";

const workspaceOption = {
  workspace: { type: "string", value: "<name or id>", help: "the workspace, when there are several" },
} as const;

const date = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "never");

function memberLine(m: Member): string {
  const state = m.deactivatedAt ? `  deactivated ${date(m.deactivatedAt)}` : "";
  return `${m.email.padEnd(32)} ${m.role.padEnd(7)} ${m.name}${state}`;
}

function tokenLine(t: AccessToken): string {
  return (
    `${t.id}  ${JSON.stringify(t.name).padEnd(24)} ${t.userEmail.padEnd(28)} ` +
    `created ${date(t.createdAt)}  expires ${date(t.expiresAt)}  last used ${date(t.lastUsedAt)}` +
    (t.kind === "harness" ? "  (local harness)" : "")
  );
}

/** `--expires 90d` or `--expires 2027-06-30`: the token API's expiry fields. */
function expiryOf(raw: string | undefined): { expiresAt?: string; expiresInDays?: number } {
  if (raw === undefined) return {};
  const days = /^(\d{1,4})d$/i.exec(raw.trim());
  if (days) return { expiresInDays: Number(days[1]) };
  const at = new Date(raw.trim());
  if (!/^\d{4}-\d\d-\d\d/.test(raw.trim()) || Number.isNaN(at.getTime())) {
    throw new CliError(
      `--expires takes a number of days (90d) or a date (2027-06-30), not "${raw}".`,
      "usage",
    );
  }
  return { expiresAt: at.toISOString() };
}

/** The member a command names, as a caller of the same workspace (for acting as them). */
async function memberCaller(ctx: CommandContext, who: string): Promise<Caller> {
  const admin = await ctx.caller();
  const user = await findMember(ctx.db, admin, who);
  return { workspace: admin.workspace, user };
}

export const peopleCommands: CommandSpec<CommandContext>[] = [
  {
    name: "workspace create",
    summary: "Create a workspace and its first admin; prints the admin's API token once",
    args: [{ name: "<name>", help: "the workspace's name (unique)" }],
    options: {
      "admin-email": { type: "string", value: "<email>", help: "the first admin's address (required)" },
      "admin-name": { type: "string", value: "<name>", help: "the first admin's name" },
      "internal-domain": {
        type: "string",
        multiple: true,
        value: "<domain>",
        help: "a domain of your own company",
      },
    },
    example:
      'npm run touchbase -- workspace create "Acme CS" --admin-email lead@acme-cs.com --internal-domain acme-cs.com',
    async run(ctx) {
      const adminEmail = str(ctx, "admin-email");
      if (!adminEmail) {
        throw new CliError(
          "A new workspace needs its own admin: give their address with --admin-email <email>.",
          "usage",
        );
      }
      const { workspace, admin, token } = await createWorkspace(ctx.db, {
        name: ctx.args[0],
        internalDomains: list(ctx, "internal-domain"),
        adminEmail,
        adminName: str(ctx, "admin-name"),
      });
      ctx.say(`Created workspace "${workspace.name}" (${workspace.id}) with admin ${admin.email}.`);
      ctx.say(`Admin API token (shown once): ${token}`);
      return {
        workspace: { id: workspace.id, name: workspace.name, internalDomains: workspace.internalDomains },
        admin: memberView(admin),
        token,
      };
    },
  },
  {
    name: "workspace list",
    summary: "List the workspaces on this database",
    args: [],
    options: {},
    example: "npm run touchbase -- workspace list",
    async run(ctx) {
      const all = await listWorkspaces(ctx.db);
      if (all.length === 0) ctx.say("There is no workspace yet.");
      for (const w of all)
        ctx.say(`${w.id}  ${w.name}${w.internalDomains.length ? `  (${w.internalDomains.join(", ")})` : ""}`);
      return {
        workspaces: all.map((w) => ({
          id: w.id,
          name: w.name,
          internalDomains: w.internalDomains,
          createdAt: w.createdAt.toISOString(),
        })),
      };
    },
  },
  {
    name: "users list",
    summary: "List the workspace's members, their roles and who is deactivated",
    args: [],
    options: { ...workspaceOption },
    example: "npm run touchbase -- users list",
    async run(ctx) {
      const members = await listMembers(ctx.db, await ctx.caller());
      for (const m of members) ctx.say(memberLine(m));
      return { users: members };
    },
  },
  {
    name: "users create",
    summary: "Add a member (or admin); prints their API token once",
    args: [{ name: "<email>", help: "the member's address" }],
    options: {
      admin: { type: "boolean", help: "make them an admin" },
      name: { type: "string", value: "<name>", help: "their name (default: the address's local part)" },
      ...workspaceOption,
    },
    example: "npm run touchbase -- users create rep@acme-cs.com --name 'Rita Rep'",
    async run(ctx) {
      const caller = await ctx.caller();
      const { user, token } = await createUser(ctx.db, caller.workspace.id, {
        email: ctx.args[0],
        name: str(ctx, "name"),
        role: flag(ctx, "admin") ? "admin" : "member",
      });
      ctx.say(`Created ${user.role} ${user.email} in "${caller.workspace.name}".`);
      ctx.say(`API token (shown once): ${token}`);
      return { user: memberView(user), token };
    },
  },
  {
    name: "users update",
    summary: "Change a member's role or name, or reactivate them",
    args: [{ name: "<email>", help: "the member's address (or id)" }],
    options: {
      role: { type: "string", value: "admin|member", help: "their new role" },
      name: { type: "string", value: "<name>", help: "their new name" },
      reactivate: { type: "boolean", help: "let a deactivated member in again" },
      ...workspaceOption,
    },
    example: "npm run touchbase -- users update rep@acme-cs.com --role admin",
    details: "The workspace keeps at least one active admin: the last one cannot be demoted.",
    async run(ctx) {
      const role = str(ctx, "role");
      if (role !== undefined && role !== "admin" && role !== "member") {
        throw new CliError(`--role is admin or member, not "${role}".`, "usage");
      }
      const name = str(ctx, "name");
      if (role === undefined && name === undefined && !flag(ctx, "reactivate")) {
        throw new CliError("Nothing to change: give --role, --name or --reactivate.", "usage");
      }
      const admin = await ctx.caller();
      const target = await findMember(ctx.db, admin, ctx.args[0]);
      const member = await updateMember(ctx.db, admin, target.id, {
        ...(role ? { role } : {}),
        ...(name !== undefined ? { name } : {}),
        ...(flag(ctx, "reactivate") ? { deactivated: false } : {}),
      });
      ctx.say(`Updated ${memberLine(member).replace(/\s+/g, " ")}.`);
      return { user: member };
    },
  },
  {
    name: "users deactivate",
    summary:
      "Refuse a member's every request (their tokens and sign-ins) until reactivated; their mail stays",
    args: [{ name: "<email>", help: "the member's address (or id)" }],
    options: { ...workspaceOption },
    example: "npm run touchbase -- users deactivate rep@acme-cs.com",
    async run(ctx) {
      const admin = await ctx.caller();
      const target = await findMember(ctx.db, admin, ctx.args[0]);
      const member = await updateMember(ctx.db, admin, target.id, { deactivated: true });
      ctx.say(
        `Deactivated ${member.email}: their requests are refused until \`users update ${member.email} --reactivate\`.`,
      );
      return { user: member };
    },
  },
  {
    name: "tokens create",
    summary:
      "Issue a personal API token for a member (for a script; the add-ins sign in instead); prints it once",
    args: [{ name: "<email>", help: "whose token it is" }],
    options: {
      name: { type: "string", value: "<name>", help: 'what it is for (default "CLI token")' },
      expires: { type: "string", value: "<90d|2027-06-30>", help: "when it stops working (default: never)" },
      ...workspaceOption,
    },
    example: 'npm run touchbase -- tokens create rep@acme-cs.com --name "Nightly import" --expires 90d',
    async run(ctx) {
      const caller = await memberCaller(ctx, ctx.args[0]);
      if (caller.user.deactivatedAt) {
        throw new CliError(
          `${caller.user.email} is deactivated: reactivate them first (\`users update ${caller.user.email} --reactivate\`).`,
          "deactivated",
        );
      }
      const created = await createToken(ctx.db, caller, {
        name: str(ctx, "name") ?? "CLI token",
        ...expiryOf(str(ctx, "expires")),
      });
      ctx.say(
        `Created token "${created.name}" (${created.id}) for ${created.userEmail}, expires ${date(created.expiresAt)}.`,
      );
      ctx.say(`API token (shown once): ${created.token}`);
      return created;
    },
  },
  {
    name: "tokens list",
    summary: "List API tokens (never their secrets): name, owner, expiry, last use",
    args: [],
    options: { user: { type: "string", value: "<email>", help: "only this member's" }, ...workspaceOption },
    example: "npm run touchbase -- tokens list --user rep@acme-cs.com",
    async run(ctx) {
      const who = str(ctx, "user");
      const caller = who ? await memberCaller(ctx, who) : await ctx.caller();
      const tokens = await listTokens(ctx.db, caller, { scope: who ? "mine" : "workspace" });
      if (tokens.length === 0) ctx.say("No tokens.");
      for (const t of tokens) ctx.say(tokenLine(t));
      return { tokens };
    },
  },
  {
    name: "tokens revoke",
    summary: "Revoke a token by its id (or its name); refused from the next request on",
    args: [{ name: "<id or name>", help: "the token's id (tok_…) or its name" }],
    options: {
      user: { type: "string", value: "<email>", help: "whose token, when a name is given" },
      ...workspaceOption,
    },
    example: "npm run touchbase -- tokens revoke tok_3kQv…",
    async run(ctx) {
      const admin = await ctx.caller();
      const key = ctx.args[0];
      const who = str(ctx, "user");
      const owner = who ? await findMember(ctx.db, admin, who) : null;
      const rows = await ctx.db
        .select({ id: apiTokens.id, name: apiTokens.name, email: users.email })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(and(eq(users.workspaceId, admin.workspace.id), owner ? eq(users.id, owner.id) : undefined))
        .orderBy(asc(apiTokens.createdAt));
      const byId = rows.find((r) => r.id === key);
      const byName = rows.filter((r) => r.name === key);
      if (!byId && byName.length > 1) {
        throw new CliError(
          `Several tokens are named "${key}" (${byName.map((r) => `${r.id} of ${r.email}`).join(", ")}); give the one you mean by its id.`,
          "ambiguous",
        );
      }
      const target = byId ?? byName[0];
      if (!target) {
        throw new CliError(
          `There is no token "${key}"${owner ? ` of ${owner.email}` : ""}; \`tokens list\` shows them.`,
          "not_found",
        );
      }
      const revoked = await revokeToken(ctx.db, admin, target.id);
      ctx.say(`Revoked token "${revoked.name}" (${revoked.id}) of ${revoked.userEmail}.`);
      return { revoked };
    },
  },
];
