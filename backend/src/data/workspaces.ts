import { and, eq, getTableColumns, sql } from "drizzle-orm";
import {
  DEFAULT_INDEX_SETTINGS,
  type UserSettings,
  type Workspace,
  type WorkspacePatch,
  type WorkspaceSettings,
} from "../../../shared/index";
import { queryRows, type Db } from "../db/connect";
import { apiTokens, users, workspaces } from "../db/schema";
import { conflict, invalid } from "./errors";
import { hashToken, newId, newInboundKey, newToken } from "./ids";
import { normalizeAddressOrThrow, normalizeDomains } from "./normalize";
import { bumpIndexSeq } from "./index-version";

export type WorkspaceRow = typeof workspaces.$inferSelect;
export type UserRow = typeof users.$inferSelect;

/** Who is calling: the user behind the token and their workspace (with its current index version). */
export interface Caller {
  user: UserRow;
  workspace: WorkspaceRow;
}

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = { ...DEFAULT_INDEX_SETTINGS };
export const DEFAULT_USER_SETTINGS: UserSettings = {
  outlookFolders: ["Inbox", "Sent Items"],
  gmailLabels: ["INBOX", "SENT"],
  lookbackDays: 90,
  autoSyncOnOpen: true,
};

export function workspaceView(ws: WorkspaceRow, isAdmin: boolean): Workspace {
  return {
    id: ws.id,
    name: ws.name,
    internalDomains: ws.internalDomains,
    settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...ws.settings },
    visibility: ws.visibility ?? "full",
    ...(isAdmin
      ? {
          inboundAddressKey: ws.inboundKey,
          inboundUnsignedDomains: ws.inboundUnsignedDomains ?? [],
          visibilityChosen: ws.visibilityChosenAt !== null && ws.visibilityChosenAt !== undefined,
        }
      : {}),
  };
}

/** A row as `row_to_json` wrote it, read back into the drizzle row type column by column (dates, bigints, JSON). */
function rowFromJson<T extends typeof users | typeof workspaces>(
  table: T,
  json: Record<string, unknown>,
): T["$inferSelect"] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T["$inferSelect"];
}

/** What the request gate needs about the token itself (migration 0030). */
export interface TokenInfo {
  id: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

/**
 * Every request runs this: one call of the `touchbase_caller_by_token` function (migrations 0004, 0030), whose
 * join is planned once per connection instead of once per request. Expired tokens and deactivated users are
 * returned too: the gate (http/token-gate.ts) refuses them with a sentence of their own.
 */
export async function findTokenCaller(
  db: Db,
  token: string,
): Promise<{ caller: Caller; token: TokenInfo } | null> {
  type Found = {
    user: Record<string, unknown>;
    workspace: Record<string, unknown>;
    token?: { id: string; expires_at: string | null; last_used_at: string | null };
  };
  const [row] = await queryRows<{ caller: Found | string | null }>(
    db,
    sql`select touchbase_caller_by_token(${hashToken(token)}) as caller`,
  );
  const found = typeof row?.caller === "string" ? (JSON.parse(row.caller) as Found) : row?.caller;
  if (!found) return null;
  const date = (v: string | null | undefined) => (v ? new Date(v) : null);
  return {
    caller: { user: rowFromJson(users, found.user), workspace: rowFromJson(workspaces, found.workspace) },
    token: {
      id: found.token?.id ?? "",
      expiresAt: date(found.token?.expires_at),
      lastUsedAt: date(found.token?.last_used_at),
    },
  };
}

/** The caller behind a token, whatever its state (scripts and tests; requests go through the gate). */
export async function findCallerByToken(db: Db, token: string): Promise<Caller | null> {
  return (await findTokenCaller(db, token))?.caller ?? null;
}

export async function findWorkspace(db: Db, nameOrId: string): Promise<WorkspaceRow | null> {
  const rows = await db
    .select()
    .from(workspaces)
    .where(sql`${workspaces.id} = ${nameOrId} or lower(${workspaces.name}) = lower(${nameOrId})`)
    .orderBy(workspaces.createdAt)
    .limit(10);
  const exact = rows.find((r) => r.id === nameOrId);
  if (exact) return exact;
  if (rows.length > 1) {
    throw conflict(
      "ambiguous_workspace",
      `Several workspaces are named "${nameOrId}" (${rows.map((r) => r.id).join(", ")}); give the one you mean by its id.`,
      { ids: rows.map((r) => r.id) },
    );
  }
  return rows[0] ?? null;
}

export async function listWorkspaces(db: Db): Promise<WorkspaceRow[]> {
  return db.select().from(workspaces).orderBy(workspaces.createdAt);
}

/** Creates an API token for a user; returns the token itself (shown once, only its hash is kept). */
export async function mintToken(db: Db, userId: string, kind: "api" | "harness" = "api", token = newToken()) {
  await db.insert(apiTokens).values({ id: newId("tok"), userId, tokenHash: hashToken(token), kind });
  return token;
}

export async function revokeTokens(db: Db, userId: string, kind: "api" | "harness"): Promise<void> {
  await db.delete(apiTokens).where(and(eq(apiTokens.userId, userId), eq(apiTokens.kind, kind)));
}

export async function createUser(
  db: Db,
  workspaceId: string,
  input: { email: string; name?: string; role: "admin" | "member"; token?: string },
): Promise<{ user: UserRow; token: string }> {
  const email = normalizeAddressOrThrow(input.email);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(users)
      .values({
        id: newId("usr"),
        workspaceId,
        email,
        name: input.name?.trim() || email.slice(0, email.indexOf("@")),
        role: input.role,
        settings: DEFAULT_USER_SETTINGS,
      })
      .onConflictDoNothing()
      .returning();
    const user = inserted[0];
    if (!user) throw conflict("user_exists", `${email} is already a user of this workspace.`);
    const token = await mintToken(tx as unknown as Db, user.id, "api", input.token);
    return { user, token };
  });
}

export async function createWorkspace(
  db: Db,
  input: { name: string; internalDomains?: string[]; adminEmail: string; adminName?: string; token?: string },
): Promise<{ workspace: WorkspaceRow; admin: UserRow; token: string }> {
  const name = input.name.trim();
  if (!name) throw invalid("invalid_name", "A workspace needs a name.");
  // Names are how people (and the CLI's --workspace) tell workspaces apart: a second "Acme CS" would make every
  // name-based command ambiguous.
  const [same] = await db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(sql`lower(${workspaces.name}) = lower(${name})`)
    .limit(1);
  if (same) {
    throw conflict(
      "workspace_exists",
      `A workspace named "${same.name}" already exists (${same.id}); choose another name.`,
      { id: same.id },
    );
  }
  const internalDomains = normalizeDomains(input.internalDomains ?? [], "internal");
  const [workspace] = await db
    .insert(workspaces)
    .values({
      id: newId("ws"),
      name,
      internalDomains,
      settings: DEFAULT_WORKSPACE_SETTINGS,
      inboundKey: newInboundKey(),
      indexEpoch: newInboundKey().slice(0, 8),
    })
    .returning();
  const { user, token } = await createUser(db, workspace.id, {
    email: input.adminEmail,
    name: input.adminName,
    role: "admin",
    token: input.token,
  });
  return { workspace, admin: user, token };
}

/**
 * Domains whose unsigned mail the BCC address still takes. A public suffix would open it to everyone under it, and
 * a personal mail provider to everyone with an address there: both are refused with a sentence.
 */
function unsignedDomains(raw: readonly string[]): string[] {
  return normalizeDomains(raw, "unsigned-inbound");
}

export async function updateWorkspace(db: Db, caller: Caller, patch: WorkspacePatch): Promise<WorkspaceRow> {
  const changes = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.internalDomains !== undefined
      ? { internalDomains: normalizeDomains(patch.internalDomains, "internal") }
      : {}),
    ...(patch.inboundUnsignedDomains !== undefined
      ? { inboundUnsignedDomains: unsignedDomains(patch.inboundUnsignedDomains) }
      : {}),
    // Read at every request (issue 12): the next answer already applies the new tier to every stored email.
    ...(patch.visibility !== undefined
      ? { visibility: patch.visibility, visibilityChosenAt: new Date() }
      : {}),
  };
  // An empty patch (`{}`) changes nothing: it answers the workspace as it is, without bumping the index version.
  if (Object.keys(changes).length === 0 && patch.settings === undefined) {
    const [row] = await db.select().from(workspaces).where(eq(workspaces.id, caller.workspace.id));
    return row;
  }
  return db.transaction(async (tx) => {
    const seq = await bumpIndexSeq(tx as unknown as Db, caller.workspace.id);
    const current = (await tx.select().from(workspaces).where(eq(workspaces.id, caller.workspace.id)))[0];
    const [row] = await tx
      .update(workspaces)
      .set({
        ...changes,
        ...(patch.settings !== undefined
          ? { settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...current.settings, ...patch.settings } }
          : {}),
      })
      .where(eq(workspaces.id, caller.workspace.id))
      .returning();
    return { ...row, indexSeq: seq };
  });
}

export async function findUserByEmail(db: Db, workspaceId: string, email: string): Promise<UserRow | null> {
  const rows = await db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.email, email)))
    .limit(1);
  return rows[0] ?? null;
}

/** Replaces the user's settings; an optional setting the body leaves out keeps its current value. */
export async function saveUserSettings(
  db: Db,
  userId: string,
  settings: UserSettings,
): Promise<UserSettings> {
  const [current] = await db.select({ settings: users.settings }).from(users).where(eq(users.id, userId));
  const kept =
    current?.settings.newSyncsPrivate === undefined
      ? {}
      : { newSyncsPrivate: current.settings.newSyncsPrivate };
  const [row] = await db
    .update(users)
    .set({ settings: { ...kept, ...settings } })
    .where(eq(users.id, userId))
    .returning();
  return row.settings;
}
