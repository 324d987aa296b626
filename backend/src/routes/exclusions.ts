import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { ExclusionCreateSchema, ExclusionCreatedSchema, ExclusionListSchema } from "../../../shared/index";
import { createExclusion, deleteExclusion, listExclusions } from "../data/exclusions";
import { authErrors, bearer, idParam, jsonBody, jsonContent, router, type AppDeps } from "../http/app-env";

const tags = ["exclusions"];

export function exclusionRoutes({ database: { db } }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: "get",
        path: "/exclusions",
        tags,
        security: bearer,
        summary: "The workspace's exclusions and the caller's own, oldest first, keyset-paged",
        request: {
          query: z.object({
            cursor: z.string().max(500).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(200),
          }),
        },
        responses: { 200: jsonContent(ExclusionListSchema), ...authErrors },
      }),
      async (c) => c.json(await listExclusions(db, c.get("caller"), c.req.valid("query")), 200),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/exclusions",
        tags,
        security: bearer,
        summary:
          "Exclude an address or a domain (personal, or workspace-wide for admins); `purge` removes stored emails it rejects",
        request: { body: jsonBody(ExclusionCreateSchema) },
        responses: {
          201: jsonContent(ExclusionCreatedSchema, "Created"),
          200: jsonContent(ExclusionCreatedSchema, "Already excluded (purged anew when asked)"),
          ...authErrors,
        },
      }),
      async (c) => {
        const { exclusion, created } = await createExclusion(db, c.get("caller"), c.req.valid("json"));
        return created ? c.json(exclusion, 201) : c.json(exclusion, 200);
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/exclusions/{id}",
        tags,
        security: bearer,
        summary: "Remove an exclusion",
        request: { params: idParam },
        responses: { 204: { description: "Removed" }, ...authErrors },
      }),
      async (c) => {
        await deleteExclusion(db, c.get("caller"), c.req.valid("param").id);
        return c.body(null, 204);
      },
    );
}
