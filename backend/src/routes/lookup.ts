import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { LookupResponseSchema, MAX_LOOKUP_EMAILS } from "../../../shared/index";
import { lookup } from "../data/lookup";
import { authErrors, bearer, jsonContent, router, type AppDeps } from "../http/app-env";
import { HttpError } from "../http/http-error";

const emailParam = z.string().min(1).max(320);

export function lookupRoutes({ database: { db } }: AppDeps) {
  return router().openapi(
    createRoute({
      method: "get",
      path: "/lookup",
      tags: ["customers"],
      security: bearer,
      summary:
        "Who these addresses are: customer, contact, recent emails, matching exclusion (the sidebar's one call)",
      request: {
        query: z.object({
          email: z.union([emailParam, z.array(emailParam)]),
          messageId: z.string().max(998).optional(),
        }),
      },
      responses: { 200: jsonContent(LookupResponseSchema), ...authErrors },
    }),
    async (c) => {
      const { email, messageId } = c.req.valid("query");
      const emails = Array.isArray(email) ? email : [email];
      if (emails.length > MAX_LOOKUP_EMAILS) {
        throw new HttpError(
          400,
          "too_many_emails",
          `Look up at most ${MAX_LOOKUP_EMAILS} addresses at once (got ${emails.length}).`,
        );
      }
      return c.json(await lookup(db, c.get("caller"), emails, messageId), 200);
    },
  );
}
