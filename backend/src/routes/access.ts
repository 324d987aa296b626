import { createRoute } from "@hono/zod-openapi";
import {
  AccessTokenCreatedSchema,
  AccessTokenCreateSchema,
  AccessTokenListQuerySchema,
  AccessTokenListSchema,
  AccessTokenSchema,
  MemberListSchema,
  MemberPatchSchema,
  MemberSchema,
} from "../../../shared/index";
import { listMembers, updateMember } from "../data/members";
import { createToken, listTokens, revokeToken } from "../data/tokens";
import { authErrors, bearer, idParam, jsonBody, jsonContent, router, type AppDeps } from "../http/app-env";
import { ErrorBodySchema } from "../../../shared/index";

// Personal access tokens (`/tokens`) and the workspace's members (`/users`).

const forbiddenResponse = {
  403: {
    description: "Not allowed for this caller (admins only, or the caller is deactivated)",
    content: { "application/json": { schema: ErrorBodySchema } },
  },
};
const conflictResponse = (description: string) => ({
  409: { description, content: { "application/json": { schema: ErrorBodySchema } } },
});

export function accessRoutes({ database: { db } }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: "get",
        path: "/tokens",
        tags: ["tokens"],
        security: bearer,
        summary: "The caller's personal access tokens (`scope=workspace`: every member's, admins only)",
        request: { query: AccessTokenListQuerySchema },
        responses: { 200: jsonContent(AccessTokenListSchema), ...authErrors, ...forbiddenResponse },
      }),
      async (c) => {
        const { scope } = c.req.valid("query");
        const tokens = await listTokens(db, c.get("caller"), { scope, currentTokenId: c.get("tokenId") });
        return c.json({ tokens }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/tokens",
        tags: ["tokens"],
        security: bearer,
        summary: "Create a personal access token; the answer holds its secret, shown this once",
        request: { body: jsonBody(AccessTokenCreateSchema) },
        responses: {
          201: jsonContent(AccessTokenCreatedSchema, "Created (the `token` field is never shown again)"),
          ...authErrors,
          ...forbiddenResponse,
          ...conflictResponse("Too many tokens"),
        },
      }),
      async (c) => c.json(await createToken(db, c.get("caller"), c.req.valid("json")), 201),
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/tokens/{id}",
        tags: ["tokens"],
        security: bearer,
        summary: "Revoke a token (one's own; admins any member's); refused from the next request on",
        request: { params: idParam },
        responses: { 200: jsonContent(AccessTokenSchema, "Revoked"), ...authErrors, ...forbiddenResponse },
      }),
      async (c) => c.json(await revokeToken(db, c.get("caller"), c.req.valid("param").id), 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/users",
        tags: ["users"],
        security: bearer,
        summary: "The workspace's members, deactivated ones included",
        responses: { 200: jsonContent(MemberListSchema), ...authErrors, ...forbiddenResponse },
      }),
      async (c) => c.json({ users: await listMembers(db, c.get("caller")) }, 200),
    )
    .openapi(
      createRoute({
        method: "patch",
        path: "/users/{id}",
        tags: ["users"],
        security: bearer,
        summary: "Change a member's name or role, deactivate or reactivate them (admins only)",
        request: { params: idParam, body: jsonBody(MemberPatchSchema) },
        responses: {
          200: jsonContent(MemberSchema),
          ...authErrors,
          ...forbiddenResponse,
          ...conflictResponse("The workspace's last active admin cannot be demoted or deactivated"),
        },
      }),
      async (c) =>
        c.json(await updateMember(db, c.get("caller"), c.req.valid("param").id, c.req.valid("json")), 200),
    );
}
