import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import {
  ContactCreateSchema,
  ContactMergeSchema,
  ContactPageSchema,
  ContactPatchSchema,
  CustomerProfileSchema,
  CustomerTeamSchema,
  ProfileContactSchema,
  ThreadEmailsSchema,
  ThreadPageSchema,
} from "../../../shared/api/profile";
import {
  createContact,
  customerContacts,
  customerProfile,
  customerTeam,
  customerThreads,
  mergeContacts,
  threadEmails,
  updateContact,
} from "../data/profile";
import { authErrors, bearer, idParam, jsonBody, jsonContent, router, type AppDeps } from "../http/app-env";

// The customer profile of the web workspace: the profile in one call, the history as threads, contacts.
const tags = ["profile"];
const security = [...bearer, { session: [] }];

const pageQuery = (max: number, fallback: number) =>
  z.object({
    cursor: z.string().max(1000).optional(),
    limit: z.coerce.number().int().min(1).max(max).default(fallback),
  });

export function profileRoutes({ database: { db } }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: "get",
        path: "/customers/{id}/profile",
        tags,
        security,
        summary:
          "A customer with its contacts, both directions' newest email, and emails per week (26 weeks)",
        request: { params: idParam },
        responses: { 200: jsonContent(CustomerProfileSchema), ...authErrors },
      }),
      async (c) => c.json(await customerProfile(db, c.get("caller"), c.req.valid("param").id), 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/customers/{id}/team",
        tags,
        security,
        summary: "The team members who sync a customer's mail: how many of its emails each, and the newest",
        request: { params: idParam },
        responses: { 200: jsonContent(CustomerTeamSchema), ...authErrors },
      }),
      async (c) => c.json({ team: await customerTeam(db, c.get("caller"), c.req.valid("param").id) }, 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/customers/{id}/threads",
        tags,
        security,
        summary: "A customer's history by thread, newest activity first, keyset-paged",
        request: {
          params: idParam,
          query: pageQuery(100, 25),
        },
        responses: { 200: jsonContent(ThreadPageSchema), ...authErrors },
      }),
      async (c) =>
        c.json(
          await customerThreads(db, c.get("caller"), c.req.valid("param").id, c.req.valid("query")),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/customers/{id}/thread-emails",
        tags,
        security,
        summary: "The emails of one of the customer's threads, newest first",
        request: { params: idParam, query: z.object({ threadKey: z.string().min(1).max(1000) }) },
        responses: { 200: jsonContent(ThreadEmailsSchema), ...authErrors },
      }),
      async (c) =>
        c.json(
          {
            emails: await threadEmails(
              db,
              c.get("caller"),
              c.req.valid("param").id,
              c.req.valid("query").threadKey,
            ),
          },
          200,
        ),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/customers/{id}/contacts",
        tags,
        security,
        summary: "A customer's contacts, most recently in touch first, keyset-paged",
        request: { params: idParam, query: pageQuery(200, 100) },
        responses: { 200: jsonContent(ContactPageSchema), ...authErrors },
      }),
      async (c) =>
        c.json(
          await customerContacts(db, c.get("caller"), c.req.valid("param").id, c.req.valid("query")),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/customers/{id}/contacts",
        tags,
        security,
        summary: "Add a contact to a customer by hand",
        request: { params: idParam, body: jsonBody(ContactCreateSchema) },
        responses: { 201: jsonContent(ProfileContactSchema, "Created"), ...authErrors },
      }),
      async (c) =>
        c.json(await createContact(db, c.get("caller"), c.req.valid("param").id, c.req.valid("json")), 201),
    )
    .openapi(
      createRoute({
        method: "patch",
        path: "/contacts/{id}",
        tags,
        security,
        summary: "Change a contact's name",
        request: { params: idParam, body: jsonBody(ContactPatchSchema) },
        responses: { 204: { description: "Changed" }, ...authErrors },
      }),
      async (c) => {
        await updateContact(db, c.get("caller"), c.req.valid("param").id, c.req.valid("json"));
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/contacts/merge",
        tags,
        security,
        summary: "Merge two contacts of one customer into one person (both addresses stay contacts)",
        request: { body: jsonBody(ContactMergeSchema) },
        responses: { 204: { description: "Merged" }, ...authErrors },
      }),
      async (c) => {
        const { keepId, mergeId } = c.req.valid("json");
        await mergeContacts(db, c.get("caller"), keepId, mergeId);
        return c.body(null, 204);
      },
    );
}
