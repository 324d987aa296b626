import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { ErrorBodySchema, InboundResultSchema } from "../../../shared/index";
import { defaultInboundDeps, receiveInboundMail } from "../inbound/inbound-mail";
import { jsonContent, router, type AppDeps } from "../http/app-env";

export function inboundRoutes({ database: { db }, inbound = defaultInboundDeps() }: AppDeps) {
  return router().openapi(
    createRoute({
      method: "post",
      path: "/inbound/{key}",
      tags: ["inbound"],
      summary:
        "The BCC address: one raw RFC 822 message from a workspace member, DKIM-signed by their domain (no token; the key is the secret)",
      request: {
        params: z.object({ key: z.string().min(1).max(100) }),
        body: { required: true, content: { "message/rfc822": { schema: z.string() } } },
      },
      responses: {
        202: jsonContent(InboundResultSchema, "Received; `status` as in the batch"),
        400: jsonContent(ErrorBodySchema, "Not a readable message, or beyond the MIME limits"),
        403: jsonContent(
          ErrorBodySchema,
          "The sender is not a member, or their domain does not vouch for it",
        ),
        404: jsonContent(ErrorBodySchema, "No workspace has that key"),
        413: jsonContent(ErrorBodySchema, "Message too large"),
        429: jsonContent(ErrorBodySchema, "Too many messages for this key or from this address"),
      },
    }),
    async (c) => {
      const raw = new Uint8Array(await c.req.arrayBuffer());
      // The body's bytes are this request's alone: they move to the MIME worker without a copy.
      return c.json(
        await receiveInboundMail(db, c.req.valid("param").key, raw, inbound, {}, { owned: true }),
        202,
      );
    },
  );
}
