import type { z } from "zod";
import * as S from "./schemas";
import type { HttpResponse } from "./http-types";

export type Query = Record<string, string | number | boolean | string[] | undefined>;

/** How to call one endpoint: pure functions from input to request parts, and from response to output. */
export interface Endpoint<I, O> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path(input: I): string;
  query?(input: I): Query;
  body?(input: I): { contentType: string; text: string };
  headers?(input: I): Record<string, string>;
  /** Statuses other than 2xx that are answers, not errors (304). */
  accept?: number[];
  parse(response: HttpResponse): O;
}

function json<T extends z.ZodType>(schema: T): (response: HttpResponse) => z.infer<T> {
  return (response) => schema.parse(JSON.parse(response.body)) as z.infer<T>;
}
const noContent = () => undefined;
const jsonBody = (value: unknown) => ({ contentType: "application/json", text: JSON.stringify(value) });
const seg = encodeURIComponent;

export type CustomerIndexResult =
  { notModified: true; etag: string } | { notModified: false; etag: string; snapshot: S.CustomerIndexSince };

export const endpoints = {
  health: { method: "GET", path: () => "/health", parse: json(S.HealthSchema) } as Endpoint<void, S.Health>,
  me: { method: "GET", path: () => "/me", parse: json(S.MeSchema) } as Endpoint<void, S.Me>,
  workspace: { method: "GET", path: () => "/workspace", parse: json(S.WorkspaceSchema) } as Endpoint<
    void,
    S.Workspace
  >,
  updateWorkspace: {
    method: "PATCH",
    path: () => "/workspace",
    body: jsonBody,
    parse: json(S.WorkspaceSchema),
  } as Endpoint<S.WorkspacePatch, S.Workspace>,

  /** The index snapshot, or only the changes since `since`; 304 when `etag` still matches. */
  customerIndex: {
    method: "GET",
    path: () => "/customer-index",
    query: (i) => ({ since: i.since }),
    headers: (i): Record<string, string> => (i.etag ? { "if-none-match": i.etag } : {}),
    accept: [304],
    parse: (res) => {
      const etag = res.headers["etag"] ?? "";
      if (res.status === 304) return { notModified: true, etag };
      const body = JSON.parse(res.body) as { full?: boolean };
      const snapshot =
        "full" in body
          ? S.CustomerIndexSinceSchema.parse(body)
          : { ...S.CustomerIndexSnapshotSchema.parse(body), full: true as const };
      return { notModified: false, etag, snapshot };
    },
  } as Endpoint<{ etag?: string; since?: string }, CustomerIndexResult>,

  lookup: {
    method: "GET",
    path: () => "/lookup",
    query: (i) => ({ email: i.emails, messageId: i.messageId, messageIdSha256: i.messageIdSha256 }),
    parse: json(S.LookupResponseSchema),
  } as Endpoint<{ emails: string[]; messageId?: string; messageIdSha256?: string }, S.LookupResponse>,

  syncEmails: {
    method: "POST",
    path: () => "/emails/batch",
    body: (emails) => jsonBody({ emails }),
    parse: json(S.EmailBatchResponseSchema),
  } as Endpoint<S.EmailInput[], S.EmailBatchResponse>,
  email: { method: "GET", path: (id) => `/emails/${seg(id)}`, parse: json(S.EmailDetailSchema) } as Endpoint<
    string,
    S.EmailDetail
  >,
  removeEmail: { method: "DELETE", path: (id) => `/emails/${seg(id)}`, parse: noContent } as Endpoint<
    string,
    void
  >,
  /** A syncer makes the email's thread private (`true`) or shares it with the team again (`false`). */
  setEmailPrivate: {
    method: "PATCH",
    path: (i) => `/emails/${seg(i.id)}`,
    body: (i) => jsonBody({ private: i.private }),
    parse: json(S.EmailPrivacySchema),
  } as Endpoint<{ id: string; private: boolean }, S.EmailPrivacy>,
  removeMyEmails: {
    method: "DELETE",
    path: () => "/me/emails",
    parse: json(S.DeletedCountSchema),
  } as Endpoint<void, { deleted: number }>,

  customers: {
    method: "GET",
    path: () => "/customers",
    query: (i) => ({ q: i.q, cursor: i.cursor, limit: i.limit }),
    parse: json(S.CustomerListSchema),
  } as Endpoint<{ q?: string; cursor?: string; limit?: number }, S.CustomerList>,
  customer: {
    method: "GET",
    path: (id) => `/customers/${seg(id)}`,
    parse: json(S.CustomerSchema),
  } as Endpoint<string, S.Customer>,
  createCustomer: {
    method: "POST",
    path: () => "/customers",
    body: jsonBody,
    parse: json(S.CustomerSchema),
  } as Endpoint<S.CustomerCreate, S.Customer>,
  updateCustomer: {
    method: "PATCH",
    path: (i) => `/customers/${seg(i.id)}`,
    body: (i) => jsonBody(i.patch),
    parse: json(S.CustomerSchema),
  } as Endpoint<{ id: string; patch: S.CustomerPatch }, S.Customer>,
  deleteCustomer: { method: "DELETE", path: (id) => `/customers/${seg(id)}`, parse: noContent } as Endpoint<
    string,
    void
  >,
  importCustomers: {
    method: "POST",
    path: () => "/customers/import",
    body: (csv) => ({ contentType: "text/csv", text: csv }),
    parse: json(S.CustomerImportResultSchema),
  } as Endpoint<string, S.CustomerImportResult>,
  customerEmails: {
    method: "GET",
    path: (i) => `/customers/${seg(i.customerId)}/emails`,
    query: (i) => ({ cursor: i.cursor, limit: i.limit }),
    parse: json(S.EmailPageSchema),
  } as Endpoint<{ customerId: string; cursor?: string; limit?: number }, S.EmailPage>,

  exclusions: {
    method: "GET",
    path: () => "/exclusions",
    query: (i) => ({ cursor: i?.cursor, limit: i?.limit }),
    parse: json(S.ExclusionListSchema),
  } as Endpoint<{ cursor?: string; limit?: number } | void, S.ExclusionList>,
  createExclusion: {
    method: "POST",
    path: () => "/exclusions",
    body: jsonBody,
    parse: json(S.ExclusionCreatedSchema),
  } as Endpoint<S.ExclusionCreate, S.ExclusionCreated>,
  deleteExclusion: { method: "DELETE", path: (id) => `/exclusions/${seg(id)}`, parse: noContent } as Endpoint<
    string,
    void
  >,

  settings: { method: "GET", path: () => "/me/settings", parse: json(S.UserSettingsSchema) } as Endpoint<
    void,
    S.UserSettings
  >,
  saveSettings: {
    method: "PUT",
    path: () => "/me/settings",
    body: jsonBody,
    parse: json(S.UserSettingsSchema),
  } as Endpoint<S.UserSettings, S.UserSettings>,
} satisfies Record<string, Endpoint<never, unknown>>;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;
export type InputOf<K extends EndpointName> = Endpoints[K] extends Endpoint<infer I, unknown> ? I : never;
export type OutputOf<K extends EndpointName> = Endpoints[K] extends Endpoint<never, infer O> ? O : never;
