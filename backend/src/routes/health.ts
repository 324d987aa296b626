import { createRoute } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { ErrorBodySchema, HealthSchema } from "../../../shared/index";
import { jsonContent, router, type AppDeps } from "../http/app-env";
import { HttpError } from "../http/http-error";

export function healthRoutes({ database }: AppDeps) {
  return router().openapi(
    createRoute({
      method: "get",
      path: "/health",
      tags: ["health"],
      summary: "Liveness and which database is in use (no token)",
      responses: {
        200: jsonContent(HealthSchema),
        503: jsonContent(ErrorBodySchema, "Database unreachable"),
      },
    }),
    async (c) => {
      try {
        await database.db.execute(sql`select 1`);
      } catch {
        throw new HttpError(503, "database_unavailable", "The Touchbase server cannot reach its database.");
      }
      return c.json({ ok: true as const, database: database.kind }, 200);
    },
  );
}
