import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import {
  EmailBatchRequestSchema,
  EmailBatchResponseSchema,
  EmailDetailSchema,
  EmailPatchSchema,
  EmailPrivacySchema,
  MAX_BATCH,
} from "../../../shared/index";
import { deleteEmail } from "../data/email-delete";
import { emailDetail } from "../data/email-history";
import { setEmailPrivate } from "../data/email-visibility";
import { ingestEmails } from "../data/ingest";
import { recordUploadError } from "../data/workspace-web";
import { authErrors, bearer, idParam, jsonBody, jsonContent, router, type AppDeps } from "../http/app-env";
import { HttpError } from "../http/http-error";

const tags = ["emails"];

// Only the envelope is validated as a whole: each item is validated on its own so one bad email comes back as
// `invalid` with a reason while the others are stored.
const EnvelopeSchema = z.object({ emails: z.array(z.unknown()) }).loose();

/** The client a batch says it came from: its first email's `source`, when that is a short word. */
function clientOf(items: unknown[]): string | null {
  const source = (items[0] as { source?: unknown } | null)?.source;
  return typeof source === "string" && /^[a-z-]{1,20}$/.test(source) ? source : null;
}

const batchRoute = createRoute({
  method: "post",
  path: "/emails/batch",
  tags,
  security: bearer,
  summary: `Store up to ${MAX_BATCH} customer emails, idempotently; each item is re-classified as seen by the caller`,
  request: { body: jsonBody(EmailBatchRequestSchema) },
  responses: {
    200: jsonContent(EmailBatchResponseSchema, "One result per item, in order"),
    413: jsonContent(
      z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
      "Body too large",
    ),
    ...authErrors,
  },
});

export function emailRoutes({ database: { db } }: AppDeps) {
  const app = router();
  app.openAPIRegistry.registerPath(batchRoute);
  app.post("/emails/batch", async (c) => {
    const caller = c.get("caller");
    let client: string | null = null;
    try {
      if (!/^application\/([\w.+-]+\+)?json/i.test(c.req.header("content-type") ?? "")) {
        throw new HttpError(
          415,
          "unsupported_media_type",
          "Send the batch as JSON (Content-Type: application/json).",
        );
      }
      let body: unknown;
      try {
        body = await c.req.json();
      } catch (error) {
        if (error instanceof HttpError || (error as { status?: number }).status === 413) throw error;
        throw new HttpError(400, "malformed_json", "The request body is not valid JSON.");
      }
      const envelope = EnvelopeSchema.safeParse(body);
      if (!envelope.success) {
        throw new HttpError(400, "invalid_request", 'The body must be an object with an "emails" array.');
      }
      const items = envelope.data.emails;
      client = clientOf(items);
      if (items.length === 0) throw new HttpError(400, "empty_batch", "The batch has no emails.");
      if (items.length > MAX_BATCH) {
        throw new HttpError(
          400,
          "batch_too_large",
          `A batch holds at most ${MAX_BATCH} emails (got ${items.length}); send the rest in another batch.`,
        );
      }
      const results = await ingestEmails(db, caller, items);
      const refused = results.filter((r) => r.status === "invalid");
      if (refused.length > 0) {
        await recordUploadError(db, caller.user.id, {
          client,
          code: "invalid_emails",
          message: `${refused.length} of ${results.length} emails were refused: ${refused[0].reason ?? "invalid"}`,
        });
      }
      return c.json({ results }, 200);
    } catch (error) {
      // What the member's client was told, kept for the admin's sync health (a server fault is in the logs).
      const status = error instanceof HttpError ? error.status : (error as { status?: number }).status;
      if (status !== undefined && status >= 400 && status < 500) {
        const code = error instanceof HttpError ? error.code : "payload_too_large";
        await recordUploadError(db, caller.user.id, { client, code, message: (error as Error).message });
      }
      throw error;
    }
  });
  return app
    .openapi(
      createRoute({
        method: "get",
        path: "/emails/{id}",
        tags,
        security: bearer,
        summary:
          "One email with its bodies (HTML as stored: sanitize before rendering), customers and syncers",
        request: { params: idParam },
        responses: { 200: jsonContent(EmailDetailSchema), ...authErrors },
      }),
      async (c) => c.json(await emailDetail(db, c.get("caller"), c.req.valid("param").id), 200),
    )
    .openapi(
      createRoute({
        method: "patch",
        path: "/emails/{id}",
        tags,
        security: bearer,
        summary:
          "Make the email's thread private (only the syncers of each email read it) or share it again; syncers only",
        request: { params: idParam, body: jsonBody(EmailPatchSchema) },
        responses: {
          200: jsonContent(EmailPrivacySchema),
          403: jsonContent(z.object({}), "Not synced by you"),
          ...authErrors,
        },
      }),
      async (c) =>
        c.json(
          await setEmailPrivate(db, c.get("caller"), c.req.valid("param").id, c.req.valid("json").private),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/emails/{id}",
        tags,
        security: bearer,
        summary:
          "Remove the caller's sync of an email (deleted when no syncer remains; admins delete outright)",
        request: { params: idParam },
        responses: {
          204: { description: "Removed" },
          403: jsonContent(z.object({}), "Not synced by you"),
          ...authErrors,
        },
      }),
      async (c) => {
        await deleteEmail(db, c.get("caller"), c.req.valid("param").id);
        return c.body(null, 204);
      },
    );
}
