import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import {
  CustomerCreateSchema,
  CustomerImportResultSchema,
  CustomerListSchema,
  CustomerPatchSchema,
  CustomerSchema,
  EmailPageSchema,
} from "../../../shared/index";
import { importCustomersCsv } from "../data/customer-import";
import { exportCustomersCsv, listCustomers } from "../data/customer-list";
import { createCustomer, deleteCustomer, getCustomer, updateCustomer } from "../data/customers";
import { customerEmails } from "../data/email-history";
import { customerSignals } from "../data/signals";
import { authErrors, bearer, idParam, jsonBody, jsonContent, router, type AppDeps } from "../http/app-env";
import { requireAdmin } from "../http/auth";
import { HttpError } from "../http/http-error";

const tags = ["customers"];
const conflict = {
  409: jsonContent(
    z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
    "A domain already belongs to another customer",
  ),
};
const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

export function customerRoutes({ database: { db } }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: "get",
        path: "/customers",
        tags,
        security: bearer,
        summary: "Customers by name; `q` searches names and domains; keyset-paged",
        request: {
          query: z.object({
            q: z.string().max(200).optional(),
            cursor: z.string().max(500).optional(),
            limit: limit(200, 50),
          }),
        },
        responses: { 200: jsonContent(CustomerListSchema), ...authErrors },
      }),
      async (c) => c.json(await listCustomers(db, c.get("caller"), c.req.valid("query")), 200),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/customers",
        tags,
        security: bearer,
        summary: "Create a customer",
        request: { body: jsonBody(CustomerCreateSchema) },
        responses: { 201: jsonContent(CustomerSchema, "Created"), ...authErrors, ...conflict },
      }),
      async (c) => c.json(await createCustomer(db, c.get("caller"), c.req.valid("json")), 201),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/customers/import",
        tags,
        security: bearer,
        middleware: [requireAdmin()] as const,
        summary:
          "Import customers from CSV (admins): columns name, domains (`;`-separated), others become attributes",
        request: { body: { required: true, content: { "text/csv": { schema: z.string() } } } },
        responses: { 200: jsonContent(CustomerImportResultSchema), ...authErrors },
      }),
      async (c) => {
        const type = c.req.header("content-type") ?? "";
        if (!/^text\/(csv|plain)/i.test(type)) {
          throw new HttpError(
            415,
            "unsupported_media_type",
            "Send the CSV file with Content-Type: text/csv.",
          );
        }
        // Streamed: rows are written as they arrive, a chunk at a time (customer-import.ts).
        const body = c.req.raw.body;
        const text = body ? body.pipeThrough(new TextDecoderStream()) : "";
        return c.json(await importCustomersCsv(db, c.get("caller"), text), 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/customers/export",
        tags,
        security: bearer,
        summary: "Every customer as CSV (the import format plus lastTouchAt)",
        responses: {
          200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
          ...authErrors,
        },
      }),
      async (c) =>
        c.body(await exportCustomersCsv(db, c.get("caller")), 200, {
          "content-type": "text/csv; charset=utf-8",
        }),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/customers/{id}",
        tags,
        security: bearer,
        summary:
          "One customer, with its conversation signals (awaiting reply, first reply time, both directions)",
        request: { params: idParam },
        responses: { 200: jsonContent(CustomerSchema), ...authErrors },
      }),
      async (c) => {
        const customer = await getCustomer(db, c.get("caller"), c.req.valid("param").id);
        return c.json({ ...customer, signals: await customerSignals(db, c.get("caller"), customer.id) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "patch",
        path: "/customers/{id}",
        tags,
        security: bearer,
        summary: "Change a customer's name, domains (replaced) or attributes (replaced)",
        request: { params: idParam, body: jsonBody(CustomerPatchSchema) },
        responses: { 200: jsonContent(CustomerSchema), ...authErrors, ...conflict },
      }),
      async (c) =>
        c.json(await updateCustomer(db, c.get("caller"), c.req.valid("param").id, c.req.valid("json")), 200),
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/customers/{id}",
        tags,
        security: bearer,
        summary: "Delete a customer, its contacts, and the emails that belonged only to it (admins)",
        request: { params: idParam },
        responses: { 204: { description: "Deleted" }, ...authErrors },
      }),
      async (c) => {
        await deleteCustomer(db, c.get("caller"), c.req.valid("param").id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/customers/{id}/emails",
        tags,
        security: bearer,
        summary: "A customer's emails, newest first, keyset-paged",
        request: {
          params: idParam,
          query: z.object({ cursor: z.string().max(500).optional(), limit: limit(100, 20) }),
        },
        responses: { 200: jsonContent(EmailPageSchema), ...authErrors },
      }),
      async (c) =>
        c.json(await customerEmails(db, c.get("caller"), c.req.valid("param").id, c.req.valid("query")), 200),
    );
}
