import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users, workspaces } from "../db/schema";
import { databaseKinds, openTestDatabase, type TestDatabase } from "../../test/test-databases";
import { createWorkspace, findCallerByToken, saveUserSettings, updateWorkspace } from "./workspaces";

describe.each(databaseKinds)("findCallerByToken on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(() => t?.dispose());

  it("gives exactly the rows a plain select gives: dates, numbers and JSON alike", async () => {
    const db = t.database.db;
    const { workspace, admin, token } = await createWorkspace(db, {
      name: "Caller Co",
      internalDomains: ["caller.test", "bücher.de"],
      adminEmail: "boss@caller.test",
    });
    const caller = { workspace, user: admin };
    await updateWorkspace(db, caller, { settings: { lookbackDays: 30, skipBulk: false } });
    await saveUserSettings(db, admin.id, {
      outlookFolders: ["Inbox", "Kunden/Ä"],
      gmailLabels: [],
      lookbackDays: 7,
      autoSyncOnOpen: false,
    });
    const found = await findCallerByToken(db, token);
    const [user] = await db.select().from(users).where(eq(users.id, admin.id));
    const [ws] = await db.select().from(workspaces).where(eq(workspaces.id, workspace.id));
    expect(found).toEqual({ user, workspace: ws });
    expect(found?.workspace.createdAt).toBeInstanceOf(Date);
    expect(found?.workspace.indexSeq).toBe(1);
    expect(await findCallerByToken(db, "tb_not_a_token")).toBeNull();
  });
});
