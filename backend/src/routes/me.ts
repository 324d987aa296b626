import { createRoute } from "@hono/zod-openapi";
import { DeletedCountSchema, MeSchema, UserSettingsSchema } from "../../../shared/index";
import { deleteMyEmails } from "../data/email-delete";
import { saveUserSettings } from "../data/workspaces";
import { authErrors, bearer, jsonBody, jsonContent, router, type AppDeps } from "../http/app-env";

const tags = ["me"];

export function meRoutes({ database: { db } }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: "get",
        path: "/me",
        tags,
        security: bearer,
        summary: "The user behind the token",
        responses: { 200: jsonContent(MeSchema), ...authErrors },
      }),
      (c) => {
        const { user } = c.get("caller");
        return c.json(
          { id: user.id, email: user.email, name: user.name, role: user.role, workspaceId: user.workspaceId },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/me/settings",
        tags,
        security: bearer,
        summary: "The caller's sync settings",
        responses: { 200: jsonContent(UserSettingsSchema), ...authErrors },
      }),
      (c) => c.json(c.get("caller").user.settings, 200),
    )
    .openapi(
      createRoute({
        method: "put",
        path: "/me/settings",
        tags,
        security: bearer,
        summary: "Replace the caller's sync settings",
        request: { body: jsonBody(UserSettingsSchema.strict()) },
        responses: { 200: jsonContent(UserSettingsSchema), ...authErrors },
      }),
      async (c) => c.json(await saveUserSettings(db, c.get("caller").user.id, c.req.valid("json")), 200),
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/me/emails",
        tags,
        security: bearer,
        summary: "Remove everything the caller synced (emails nobody else synced are deleted)",
        responses: { 200: jsonContent(DeletedCountSchema), ...authErrors },
      }),
      async (c) => c.json({ deleted: await deleteMyEmails(db, c.get("caller")) }, 200),
    );
}
