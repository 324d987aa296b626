import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import {
  ConversationPageSchema,
  ConversationQuerySchema,
  InboundKeySchema,
  MySyncStateSchema,
  PurgeCountSchema,
  SyncHealthSchema,
} from "../../../shared/api/workspace-web";
import { conversations, mySyncState, purgeCount, rotateInboundKey, syncHealth } from "../data/workspace-web";
import { authErrors, bearer, jsonContent, router, type AppDeps } from "../http/app-env";
import { requireAdmin } from "../http/auth";
import { forbidden } from "../data/errors";

// The web workspace's Conversations, My emails and Admin reads (the rest of those pages use the existing API).
const security = [...bearer, { session: [] }];

export function workspaceWebRoutes({ database: { db } }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: "get",
        path: "/conversations",
        tags: ["conversations"],
        security,
        summary:
          "The workspace's customer emails, newest first, filtered by customer, member, direction, date",
        request: { query: ConversationQuerySchema },
        responses: { 200: jsonContent(ConversationPageSchema), ...authErrors },
      }),
      async (c) => c.json(await conversations(db, c.get("caller"), c.req.valid("query")), 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/me/sync-state",
        tags: ["me"],
        security,
        summary: "How many emails I synced, per client, and when last",
        responses: { 200: jsonContent(MySyncStateSchema), ...authErrors },
      }),
      async (c) => c.json(await mySyncState(db, c.get("caller")), 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/exclusions/purge-count",
        tags: ["exclusions"],
        security,
        summary: "How many stored emails name an address or domain (the most a purge with it removes)",
        request: {
          query: z.object({
            kind: z.enum(["address", "domain"]),
            value: z.string().trim().min(1).max(320),
            scope: z.enum(["user", "workspace"]).default("user"),
          }),
        },
        responses: { 200: jsonContent(PurgeCountSchema), ...authErrors },
      }),
      async (c) => {
        const query = c.req.valid("query");
        if (query.scope === "workspace" && c.get("caller").user.role !== "admin") {
          throw forbidden("Only a workspace admin can purge for the whole workspace.");
        }
        return c.json({ emails: await purgeCount(db, c.get("caller"), query) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/admin/sync-health",
        tags: ["admin"],
        security,
        middleware: [requireAdmin()] as const,
        summary: "Per member: emails synced, the last upload and its client (admins)",
        responses: { 200: jsonContent(SyncHealthSchema), ...authErrors },
      }),
      async (c) => c.json(await syncHealth(db, c.get("caller")), 200),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/workspace/inbound-key/rotate",
        tags: ["workspace"],
        security,
        middleware: [requireAdmin()] as const,
        summary: "A new secret for the workspace's BCC address; the old address stops working (admins)",
        responses: { 200: jsonContent(InboundKeySchema), ...authErrors },
      }),
      async (c) => c.json({ inboundAddressKey: await rotateInboundKey(db, c.get("caller")) }, 200),
    );
}
