import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { LookupResponseSchema, MAX_LOOKUP_EMAILS } from "../../../shared/index";
import { lookup } from "../data/lookup";
import { authErrors, bearer, jsonContent, router, type AppDeps } from "../http/app-env";
import { HttpError } from "../http/http-error";

const emailParam = z.string().min(1).max(320);
const sha256Hex = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hexadecimal digits (a SHA-256)")
  .transform((v) => v.toLowerCase());

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
          /** SHA-256 (hex) of the normalized Message-ID: the state of a message whose id must not be sent. */
          messageIdSha256: sha256Hex.optional(),
        }),
      },
      responses: { 200: jsonContent(LookupResponseSchema), ...authErrors },
    }),
    async (c) => {
      const { email, messageId, messageIdSha256 } = c.req.valid("query");
      const emails = Array.isArray(email) ? email : [email];
      if (emails.length > MAX_LOOKUP_EMAILS) {
        throw new HttpError(
          400,
          "too_many_emails",
          `Look up at most ${MAX_LOOKUP_EMAILS} addresses at once (got ${emails.length}).`,
        );
      }
      const message =
        messageId !== undefined ? { messageId } : messageIdSha256 ? { messageIdSha256 } : undefined;
      return c.json(await lookup(db, c.get("caller"), emails, message), 200);
    },
  );
}
