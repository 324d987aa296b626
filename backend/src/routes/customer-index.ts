import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { CustomerIndexSinceSchema, CustomerIndexSnapshotSchema } from "../../../shared/index";
import { callerIndex, indexChangesSince } from "../data/customer-index";
import { stableHash } from "../../../shared/index";
import { indexVersion } from "../data/index-version";
import { authErrors, bearer, router, type AppDeps } from "../http/app-env";

export function customerIndexRoutes({ database: { db } }: AppDeps) {
  return router().openapi(
    createRoute({
      method: "get",
      path: "/customer-index",
      tags: ["customers"],
      security: bearer,
      summary: "The caller's customer index snapshot, or the changes since a version",
      description:
        "Answers 304 when If-None-Match holds the current ETag. With `since=<version>` only what changed since that " +
        "version is sent (`full: false`, deletions in `removed`), or the whole snapshot with `full: true` when " +
        "that version cannot be diffed.",
      request: {
        query: z.object({ since: z.string().max(100).optional() }),
        headers: z.object({ "if-none-match": z.string().optional() }),
      },
      responses: {
        200: {
          description: "The snapshot, or the changes since `since`",
          content: {
            "application/json": { schema: z.union([CustomerIndexSnapshotSchema, CustomerIndexSinceSchema]) },
          },
        },
        304: { description: "Nothing changed since the ETag" },
        ...authErrors,
      },
    }),
    async (c) => {
      const caller = c.get("caller");
      const { since } = c.req.valid("query");
      // The version changes with anything in this caller's view; the user id keeps two users' ETags apart.
      const etag = `"${indexVersion(caller.workspace)}.${stableHash(caller.user.id).slice(0, 8)}"`;
      c.header("ETag", etag);
      c.header("Cache-Control", "private, no-cache");
      const ifNoneMatch = c.req.header("if-none-match");
      if (ifNoneMatch && ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
        return c.body(null, 304);
      }
      if (since !== undefined) {
        const changes = await indexChangesSince(db, caller, since);
        if (changes) return c.json(changes, 200);
        const { snapshot } = await callerIndex(db, caller);
        return c.json({ ...snapshot, full: true as const }, 200);
      }
      const { json } = await callerIndex(db, caller);
      return c.body(json, 200, { "content-type": "application/json; charset=utf-8" });
    },
  );
}
