import { createRoute } from "@hono/zod-openapi";
import { WorkspacePatchSchema, WorkspaceSchema } from "../../../shared/index";
import { clearIndexCache } from "../data/customer-index";
import { updateWorkspace, workspaceView } from "../data/workspaces";
import { authErrors, bearer, jsonBody, jsonContent, router, type AppDeps } from "../http/app-env";
import { requireAdmin } from "../http/auth";
import { setWorkspaceClaims, workspaceClaimsOf } from "../identity/membership";

const tags = ["workspace"];

export function workspaceRoutes({ database: { db } }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: "get",
        path: "/workspace",
        tags,
        security: bearer,
        summary: "The caller's workspace (the inbound BCC key only for admins)",
        responses: { 200: jsonContent(WorkspaceSchema), ...authErrors },
      }),
      async (c) => {
        const { workspace, user } = c.get("caller");
        const isAdmin = user.role === "admin";
        // Admins also see the tenants and domains the workspace claims (issue 10).
        const claims = isAdmin ? await workspaceClaimsOf(db, workspace.id) : {};
        return c.json({ ...workspaceView(workspace, isAdmin), ...claims }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "patch",
        path: "/workspace",
        tags,
        security: bearer,
        middleware: [requireAdmin()] as const,
        summary:
          "Change the name, internal domains, settings or claimed Microsoft tenants / Google domains (admins)",
        request: { body: jsonBody(WorkspacePatchSchema) },
        responses: { 200: jsonContent(WorkspaceSchema), ...authErrors },
      }),
      async (c) => {
        const { microsoftTenantIds, googleDomains, ...patch } = c.req.valid("json");
        const caller = c.get("caller");
        if (microsoftTenantIds || googleDomains) {
          await setWorkspaceClaims(db, caller.workspace.id, { microsoftTenantIds, googleDomains });
        }
        // A patch of claims alone changes nothing the index holds (and drizzle refuses an empty update).
        const changesWorkspace = Object.values(patch).some((v) => v !== undefined);
        const row = changesWorkspace ? await updateWorkspace(db, caller, patch) : caller.workspace;
        if (changesWorkspace) clearIndexCache();
        return c.json({ ...workspaceView(row, true), ...(await workspaceClaimsOf(db, row.id)) }, 200);
      },
    );
}
