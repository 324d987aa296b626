import { createRoute } from "@hono/zod-openapi";
import { WorkspacePatchSchema, WorkspaceSchema } from "../../../shared/index";
import { clearIndexCache } from "../data/customer-index";
import { updateWorkspace, workspaceView } from "../data/workspaces";
import { authErrors, bearer, jsonBody, jsonContent, router, type AppDeps } from "../http/app-env";
import { requireAdmin } from "../http/auth";

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
      (c) => {
        const { workspace, user } = c.get("caller");
        return c.json(workspaceView(workspace, user.role === "admin"), 200);
      },
    )
    .openapi(
      createRoute({
        method: "patch",
        path: "/workspace",
        tags,
        security: bearer,
        middleware: [requireAdmin()] as const,
        summary: "Change the name, internal domains or settings (admins)",
        request: { body: jsonBody(WorkspacePatchSchema) },
        responses: { 200: jsonContent(WorkspaceSchema), ...authErrors },
      }),
      async (c) => {
        const row = await updateWorkspace(db, c.get("caller"), c.req.valid("json"));
        clearIndexCache();
        return c.json(workspaceView(row, true), 200);
      },
    );
}
