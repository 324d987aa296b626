import { and, asc, eq, sql } from "drizzle-orm";
import { DEMO_WORKSPACE } from "../../shared/demo/demo-workspace";
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
 * A bootstrap token is made valid for that admin if it is not yet (automated setups).
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
  if (options.token) {
    const [known] = await db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, hashToken(options.token)));
    if (!known) await mintToken(db, admin.id, "api", options.token);
  }
  return { admin: { workspace: first, user: admin } };
}
