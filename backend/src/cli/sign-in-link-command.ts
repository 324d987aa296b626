import { eq } from "drizzle-orm";
import type { Db } from "../db/connect";
import { users, workspaces } from "../db/schema";
import { normalizeAddress } from "../../../shared/index";
import { mintSignInLink, SIGN_IN_LINK_MINUTES } from "../identity/web-sessions";
import type { CommandSpec } from "./command-line";
import { CliError, str, type CommandContext } from "./cli-context";

/** `touchbase sign-in-link <email>`: a one-time link (15 minutes, single use) for any member, printed once. */
export const signInLinkCommand: CommandSpec<CommandContext> = {
  name: "sign-in-link",
  summary: `A one-time web sign-in link for a member (single use, ${SIGN_IN_LINK_MINUTES} minutes; for a server on another port, set PORT)`,
  args: [{ name: "<email>", help: "the member's address" }],
  options: { workspace: { type: "string", value: "<name|id>", help: "the member's workspace, if several" } },
  example: "npm run touchbase -- sign-in-link dana@acme-cs.com",
  async run(ctx) {
    const link = await mintSignInLinkFor(ctx.db, ctx.args[0], str(ctx, "workspace"), ctx.env);
    ctx.say(
      `One-time sign-in link for ${link.email} in "${link.workspace}" (one use, ${SIGN_IN_LINK_MINUTES} minutes):`,
    );
    ctx.say(link.url);
    if (!ctx.env.TOUCHBASE_PUBLIC_URL?.trim()) {
      // The CLI does not know where the server will listen: it says which address it assumed and how to change it.
      ctx.say(
        `The link assumes the server at ${serverBase(ctx.env)}; run this with the server's PORT or TOUCHBASE_PUBLIC_URL set if it listens elsewhere.`,
      );
    }
    return link;
  },
};

/** Where the link points: TOUCHBASE_PUBLIC_URL, else this machine at PORT (default 3000), without a trailing slash. */
function serverBase(env: NodeJS.ProcessEnv): string {
  return (env.TOUCHBASE_PUBLIC_URL?.trim() || `http://localhost:${env.PORT?.trim() || 3000}`).replace(
    /\/+$/,
    "",
  );
}

async function mintSignInLinkFor(
  db: Db,
  email: string,
  workspace: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ email: string; workspace: string; url: string; expiresInMinutes: number }> {
  const address = normalizeAddress(email);
  if (!address) throw new CliError(`"${email}" is not an email address.`);
  const found = await db
    .select({ user: users, workspace: workspaces })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(eq(users.email, address));
  const matching = workspace
    ? found.filter(
        (r) => r.workspace.id === workspace || r.workspace.name.toLowerCase() === workspace.toLowerCase(),
      )
    : found;
  if (matching.length === 0) {
    throw new CliError(
      `${address} is not a user${workspace ? ` of the workspace "${workspace}"` : " of any workspace"}.`,
    );
  }
  if (matching.length > 1) {
    throw new CliError(
      `${address} is a user of ${matching.length} workspaces; say which one with --workspace <name>.`,
    );
  }
  const [{ user, workspace: ws }] = matching;
  if (user.deactivatedAt)
    throw new CliError(`${address} is deactivated in "${ws.name}"; reactivate them first.`);
  const { token } = await mintSignInLink(db, user.id);
  return {
    email: address,
    workspace: ws.name,
    url: `${serverBase(env)}/auth/link/${token}`,
    expiresInMinutes: SIGN_IN_LINK_MINUTES,
  };
}
