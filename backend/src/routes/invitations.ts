import { createRoute } from "@hono/zod-openapi";
import { InvitationCreateSchema, InvitationListSchema, InvitationSchema } from "../../../shared/index";
import { authErrors, bearer, idParam, jsonBody, jsonContent, router, type AppDeps } from "../http/app-env";
import { requireAdmin } from "../http/auth";
import { createInvitation, invitationView, listInvitations, revokeInvitation } from "../identity/invitations";

const tags = ["invitations"];

/** Invitations by address (admins): the invited person's first verified sign-in accepts one. */
export function invitationRoutes({ database: { db } }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: "post",
        path: "/invitations",
        tags,
        security: bearer,
        middleware: [requireAdmin()] as const,
        summary: "Invite an address (admins); inviting it again replaces the open invitation",
        request: { body: jsonBody(InvitationCreateSchema) },
        responses: { 201: jsonContent(InvitationSchema, "Created"), ...authErrors },
      }),
      async (c) =>
        c.json(invitationView(await createInvitation(db, c.get("caller"), c.req.valid("json"))), 201),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/invitations",
        tags,
        security: bearer,
        middleware: [requireAdmin()] as const,
        summary: "The workspace's invitations, newest first, with their status (admins)",
        responses: { 200: jsonContent(InvitationListSchema), ...authErrors },
      }),
      async (c) => {
        const now = new Date();
        const rows = await listInvitations(db, c.get("caller"));
        return c.json({ invitations: rows.map((r) => invitationView(r, now)) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/invitations/{id}",
        tags,
        security: bearer,
        middleware: [requireAdmin()] as const,
        summary: "Revoke an open invitation (admins)",
        request: { params: idParam },
        responses: { 204: { description: "Revoked" }, ...authErrors },
      }),
      async (c) => {
        await revokeInvitation(db, c.get("caller"), c.req.valid("param").id);
        return c.body(null, 204);
      },
    );
}
