import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import {
  BoardColumnsSchema,
  BoardPageSchema,
  BoardQuerySchema,
  ImportPreviewSchema,
} from "../../../shared/api/board";
import { boardColumns, boardPage, previewImport } from "../data/board";
import { authErrors, bearer, jsonContent, router, type AppDeps } from "../http/app-env";
import { requireAdmin } from "../http/auth";
import { HttpError } from "../http/http-error";

// The routes the web workspace's Customers board needs beyond the customers API (routes/customers.ts).
const tags = ["board"];
const security = [...bearer, { session: [] }];

export function boardRoutes({ database: { db } }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: "get",
        path: "/board/customers",
        tags,
        security,
        summary:
          "The Customers board: Last Touch, emails in the last 30 days, owner; sorted by any column, filtered, keyset-paged",
        request: { query: BoardQuerySchema },
        responses: { 200: jsonContent(BoardPageSchema), ...authErrors },
      }),
      async (c) => c.json(await boardPage(db, c.get("caller"), c.req.valid("query")), 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/board/columns",
        tags,
        security,
        summary: "The attribute names and owners in use, and how many customers there are",
        responses: { 200: jsonContent(BoardColumnsSchema), ...authErrors },
      }),
      async (c) => c.json(await boardColumns(db, c.get("caller")), 200),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/board/import-preview",
        tags,
        security,
        middleware: [requireAdmin()] as const,
        summary: "What a CSV import would change, line by line, without changing anything (admins)",
        request: { body: { required: true, content: { "text/csv": { schema: z.string() } } } },
        responses: { 200: jsonContent(ImportPreviewSchema), ...authErrors },
      }),
      async (c) => {
        if (!/^text\/(csv|plain)/i.test(c.req.header("content-type") ?? "")) {
          throw new HttpError(
            415,
            "unsupported_media_type",
            "Send the CSV file with Content-Type: text/csv.",
          );
        }
        return c.json(await previewImport(db, c.get("caller"), await c.req.text()), 200);
      },
    );
}
