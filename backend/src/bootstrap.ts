import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { DEMO_WORKSPACE } from "../../dev/demo-workspace";
import type { Db } from "./db/connect";
import { apiTokens, users, workspaces } from "./db/schema";
import { hashToken } from "./data/ids";
import { createWorkspace, mintToken, type Caller } from "./data/workspaces";
import { seedDemo } from "./demo/demo-seed";

export interface BootstrapResult {
  /** The admin the harness acts as. */
  admin: Caller;
  /** Set on first start only: the admin's API token, to print once. */
  newToken?: string;
  demoEmails?: number;
}

export type DemoSeed = (db: Db, caller: Caller) => Promise<{ emails: number }>;

/**
 * First start on an empty database: a workspace and its admin (demo data unless turned off), all in one
 * transaction, so a crash while seeding leaves an empty database that the next start fills again (and prints a
 * token for), never a workspace whose admin token was never shown. Later starts find the first workspace's admin.
 * A bootstrap token is made valid for that admin if it is not yet (automated setups) — see applyBootstrapToken.
 */
export async function bootstrap(
  db: Db,
  options: { adminEmail: string; demo: boolean; token?: string },
  seed: DemoSeed = seedDemo,
): Promise<BootstrapResult> {
  // Several servers may start at once on one empty PostgreSQL: only one of them creates the workspace.
  const createdNow = await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx.execute(sql`select pg_advisory_xact_lock(7447002)`);
    const [existing] = await tx.select({ id: workspaces.id }).from(workspaces).limit(1);
    if (existing) return null;
    const created = await createWorkspace(tx, {
      name: options.demo ? DEMO_WORKSPACE.name : "Touchbase",
      internalDomains: options.demo ? [...DEMO_WORKSPACE.internalDomains] : [],
      adminEmail: options.adminEmail,
      adminName: options.demo ? DEMO_WORKSPACE.adminName : undefined,
      token: options.token,
    });
    if (options.token) {
      await tx
        .update(workspaces)
        .set({ bootstrapTokenHashes: [hashToken(options.token)] })
        .where(eq(workspaces.id, created.workspace.id));
    }
    const caller = { workspace: created.workspace, user: created.admin };
    const demoEmails = options.demo ? (await seed(tx, caller)).emails : undefined;
    return { ...created, demoEmails };
  });
  if (createdNow) {
    const { workspace, admin, token, demoEmails } = createdNow;
    const [fresh] = await db.select().from(workspaces).where(eq(workspaces.id, workspace.id));
    return { admin: { workspace: fresh, user: admin }, newToken: token, demoEmails };
  }
  const [first] = await db.select().from(workspaces).orderBy(asc(workspaces.createdAt)).limit(1);
  const admins = await db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, first.id), eq(users.role, "admin")))
    .orderBy(asc(users.createdAt));
  const admin = admins.find((u) => u.email === options.adminEmail.toLowerCase()) ?? admins[0];
  if (options.token) await applyBootstrapToken(db, first, admins, admin, options.token);
  return { admin: { workspace: first, user: admin } };
}

/**
 * On a later start, TOUCHBASE_BOOTSTRAP_TOKEN makes a token only for a workspace that has no admin API token at
 * all (set up by hand before automation took over) and never a token it made before: a bootstrap token an admin
 * deleted stays deleted however often the server restarts with it still in the environment, and whatever other
 * bootstrap values were used in between (every one that made a token is remembered).
 */
async function applyBootstrapToken(
  db: Db,
  workspace: typeof workspaces.$inferSelect,
  admins: (typeof users.$inferSelect)[],
  admin: typeof users.$inferSelect,
  token: string,
): Promise<void> {
  const hash = hashToken(token);
  if (workspace.bootstrapTokenHashes.includes(hash)) return;
  const [known] = await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.tokenHash, hash));
  if (known) return;
  const active = admins.filter((u) => u.deactivatedAt === null);
  const activeAdmins = active.map((u) => u.id);
  if (activeAdmins.length === 0) return;
  const [adminToken] = await db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(inArray(apiTokens.userId, activeAdmins), eq(apiTokens.kind, "api")))
    .limit(1);
  if (adminToken) return;
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await mintToken(tx, (active.includes(admin) ? admin : active[0]).id, "api", token);
    await tx
      .update(workspaces)
      .set({ bootstrapTokenHashes: sql`array_append(${workspaces.bootstrapTokenHashes}, ${hash})` })
      .where(eq(workspaces.id, workspace.id));
  });
}
