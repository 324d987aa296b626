import { z } from "zod";
import { CLASSIFICATION_REASONS } from "../classify/types";
import { EMAIL_ACCESS_LEVELS, VISIBILITY_TIERS } from "../visibility/email-visibility";
import { GoogleDomainSchema, MicrosoftTenantIdSchema } from "./identity";

// The wire contract between the add-ins and the backend. The backend validates requests and generates its
// OpenAPI document from these schemas; the clients parse responses with them. Add fields freely; never rename.

const id = z.string().min(1).max(64);
const isoDate = z.string().min(1);
const email = z.string().min(3).max(320);

export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const RoleSchema = z.enum(["admin", "member"]);
export const MeSchema = z.object({ id, email, name: z.string(), role: RoleSchema, workspaceId: id });

export const WorkspaceSettingsSchema = z.object({
  autoCreateContacts: z.boolean(),
  lookbackDays: z.number().int().min(1).max(3650),
  skipBulk: z.boolean(),
  skipAutoReplies: z.boolean(),
  skipCalendar: z.boolean(),
  skipNoReply: z.boolean(),
});
export const VisibilityTierSchema = z.enum(VISIBILITY_TIERS);
export const WorkspaceSchema = z.object({
  id,
  name: z.string(),
  internalDomains: z.array(z.string()),
  settings: WorkspaceSettingsSchema,
  /** Admins only: the secret part of the BCC address (`<key>@…`, `POST /inbound/<key>`). */
  inboundAddressKey: z.string().optional(),
  /** Admins only: domains whose mail the BCC address takes without a verified DKIM signature or SPF pass. */
  inboundUnsignedDomains: z.array(z.string()).optional(),
  /** Admins only: Microsoft tenants and Google Workspace domains whose users join on first sign-in (issue 10). */
  microsoftTenantIds: z.array(z.string()).optional(),
  googleDomains: z.array(z.string()).optional(),
  /** What members see of email they did not sync (issue 12): `full`, `subject` or `metadata`. */
  visibility: VisibilityTierSchema.optional(),
  /** Admins only: whether an admin has chosen the tier yet (until one has, the web workspace asks them to). */
  visibilityChosen: z.boolean().optional(),
});
export const WorkspacePatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    internalDomains: z.array(z.string().min(1).max(253)).max(100).optional(),
    settings: WorkspaceSettingsSchema.partial().strict().optional(),
    inboundUnsignedDomains: z.array(z.string().min(1).max(253)).max(100).optional(),
    microsoftTenantIds: z.array(MicrosoftTenantIdSchema).max(50).optional(),
    googleDomains: z.array(GoogleDomainSchema).max(50).optional(),
    visibility: VisibilityTierSchema.optional(),
  })
  .strict();

// ---- customer index -------------------------------------------------------------------------------
export const IndexCustomerSchema = z.object({ id, name: z.string(), domains: z.array(z.string()) });
export const IndexContactSchema = z.object({ id, customerId: id, address: z.string() });
export const IndexExclusionSchema = z.object({
  id,
  kind: z.enum(["address", "domain"]),
  value: z.string(),
  scope: z.enum(["workspace", "user"]),
});
export const CustomerIndexSnapshotSchema = z.object({
  version: z.string(),
  internalDomains: z.array(z.string()),
  customers: z.array(IndexCustomerSchema),
  contacts: z.array(IndexContactSchema),
  exclusions: z.array(IndexExclusionSchema),
  settings: WorkspaceSettingsSchema,
});
const changeSet = <T extends z.ZodType>(item: T) =>
  z.object({ upserted: z.array(item), removed: z.array(id) });
/** `GET /customer-index?since=<version>`: only what changed since that version, deletions included. */
export const CustomerIndexChangesSchema = z.object({
  full: z.literal(false),
  since: z.string(),
  version: z.string(),
  internalDomains: z.array(z.string()),
  settings: WorkspaceSettingsSchema,
  customers: changeSet(IndexCustomerSchema),
  contacts: changeSet(IndexContactSchema),
  exclusions: changeSet(IndexExclusionSchema),
});
/** When `since` is unknown or too old the server answers with the whole snapshot instead. */
export const CustomerIndexFullSchema = CustomerIndexSnapshotSchema.extend({ full: z.literal(true) });
export const CustomerIndexSinceSchema = z.discriminatedUnion("full", [
  CustomerIndexChangesSchema,
  CustomerIndexFullSchema,
]);

// ---- customers and emails ---------------------------------------------------------------------------
export const AttributeValueSchema = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);
export const AttributesSchema = z.record(z.string().min(1).max(100), AttributeValueSchema);

/**
 * Who sees what (issue 12): every email a caller did not sync carries only the fields the workspace's tier (or
 * the thread's privacy) allows — the others are absent, never blanked. These say which case it is.
 */
export const EmailVisibilityFields = {
  /** What the caller sees of this email: `full` (they synced it, or the tier is full) down to `private`. */
  access: z.enum(EMAIL_ACCESS_LEVELS).optional(),
  /** The email's thread is private: only its syncers read it. */
  private: z.boolean().optional(),
  /** The caller synced this email: they may make its thread private or share it. */
  syncedByMe: z.boolean().optional(),
  /** On a private thread: the names of the email's syncers ("Private — synced by Dana"). */
  privateSyncedBy: z.array(z.string()).optional(),
};
/**
 * Conversation signals of a customer or a contact (`GET /customers/{id}`, `/lookup`). Inbound = sent from outside
 * the workspace, outbound = by a member or an internal domain; auto-replies, bounces, calendar and bulk mail never
 * count. A thread awaits a reply when its newest counted email is inbound (`since` is that email's date). A first
 * reply time is, for an inbound email that starts or resumes a thread, the time to the thread's next outbound
 * email; the median is over replies sent in the last 90 days.
 */
export const SignalsSchema = z.object({
  lastInboundAt: isoDate.nullable(),
  lastOutboundAt: isoDate.nullable(),
  /** The newest awaiting threads (at most 20), newest first. */
  awaitingReply: z.array(
    z.object({
      /** Absent on a colleague's private thread, like the subject below the workspace's subject tier. */
      threadKey: z.string().optional(),
      since: isoDate,
      emailId: id,
      subject: z.string().optional(),
      ...EmailVisibilityFields,
    }),
  ),
  /** How many threads await a reply in all (counted up to 1,000). */
  awaitingReplyCount: z.number().int().optional(),
  medianFirstReplyMinutes: z.number().nullable(),
  repliesMeasured: z.number().int(),
});

export const CustomerSchema = z.object({
  id,
  name: z.string(),
  domains: z.array(z.string()),
  attributes: AttributesSchema,
  lastTouchAt: isoDate.nullable(),
  createdAt: isoDate.optional(),
  updatedAt: isoDate.optional(),
  /** On `GET /customers/{id}` and `/lookup`. */
  signals: SignalsSchema.optional(),
});
export const CustomerCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    domains: z.array(z.string().min(1).max(253)).max(50).default([]),
    attributes: AttributesSchema.optional(),
  })
  .strict();
export const CustomerPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    domains: z.array(z.string().min(1).max(253)).max(50).optional(),
    attributes: AttributesSchema.optional(),
  })
  .strict();
export const CustomerListSchema = z.object({
  customers: z.array(CustomerSchema),
  nextCursor: z.string().nullable(),
});
export const CustomerImportResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  /** Rows naming an existing customer with the same domains and attributes: nothing was written for them. */
  unchanged: z.number().int().default(0),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
});

export const ContactSchema = z.object({
  id,
  customerId: id.optional(),
  address: z.string().optional(),
  firstName: z.string(),
  lastName: z.string(),
  source: z.enum(["manual", "auto"]).optional(),
  lastTouchAt: isoDate.nullable(),
  /** On `/lookup`: the signals of what this contact sent and received. */
  signals: SignalsSchema.optional(),
});

export const DirectionSchema = z.enum(["inbound", "outbound"]);
export const EmailSourceSchema = z.enum(["outlook", "gmail", "bcc", "import"]);
export const EmailSummarySchema = z.object({
  id,
  messageId: z.string().optional(),
  subject: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  sentAt: isoDate,
  direction: DirectionSchema.optional(),
  snippet: z.string().optional(),
  threadKey: z.string().optional(),
  threadCount: z.number().int().optional(),
  ...EmailVisibilityFields,
});
export const EmailDetailSchema = EmailSummarySchema.extend({
  cc: z.string().optional(),
  text: z.string().nullable().optional(),
  html: z.string().nullable().optional(),
  /** What the sender wrote in this email: quoted history and signature removed ("" when nothing new). */
  replyText: z.string().optional(),
  /** The body holds more than the reply (quoted history, a forward, a signature): "Show quoted text". */
  hasQuotedText: z.boolean().optional(),
  customerIds: z.array(id),
  syncedBy: z.array(z.object({ userId: id, email: z.string(), syncedAt: isoDate })),
  source: EmailSourceSchema.optional(),
});
/** `PATCH /emails/{id}`: a syncer makes the email's thread private, or shares it with the team again. */
export const EmailPatchSchema = z.object({ private: z.boolean() }).strict();
export const EmailPrivacySchema = z.object({ id, threadKey: z.string(), private: z.boolean() });
export const EmailPageSchema = z.object({
  emails: z.array(EmailSummarySchema),
  nextCursor: z.string().nullable(),
});

/** One email pushed by a client. Address fields are raw header values. */
export const EmailInputSchema = z.object({
  messageId: z.string().trim().min(1).max(998),
  from: z.string().min(1).max(4000),
  to: z.string().max(64_000).optional(),
  cc: z.string().max(64_000).optional(),
  bcc: z.string().max(64_000).optional(),
  subject: z.string().max(4000).optional(),
  sentAt: z.iso.datetime({ offset: true }),
  headers: z.record(z.string().max(200), z.string().max(8000)).optional(),
  text: z.string().max(2_000_000).optional(),
  html: z.string().max(5_000_000).optional(),
  inReplyTo: z.string().max(4000).optional(),
  references: z.string().max(64_000).optional(),
  source: EmailSourceSchema.optional(),
  hasCalendarInvite: z.boolean().optional(),
});
export const MAX_BATCH = 100;
export const EmailBatchRequestSchema = z.object({ emails: z.array(EmailInputSchema).min(1).max(MAX_BATCH) });
export const BatchStatusSchema = z.enum(["stored", "duplicate", "not-customer", "excluded", "invalid"]);
export const BatchResultSchema = z.object({
  messageId: z.string(),
  status: BatchStatusSchema,
  reason: z.string().optional(),
  emailId: id.optional(),
  customerIds: z.array(id).optional(),
});
export const EmailBatchResponseSchema = z.object({ results: z.array(BatchResultSchema) });
export const DeletedCountSchema = z.object({ deleted: z.number().int() });

// ---- lookup: the sidebar's single round trip ---------------------------------------------------------
export const MAX_LOOKUP_EMAILS = 100;
export const LookupExclusionSchema = IndexExclusionSchema;
export const LookupResultSchema = z.object({
  email: z.string(),
  customer: CustomerSchema.nullable(),
  contact: ContactSchema.nullable(),
  recentEmails: z.array(EmailSummarySchema),
  /** How the address matched its customer, when it did. */
  matchedBy: z.enum(["contact", "domain", "subdomain"]).nullable().optional(),
  /** The exclusion (workspace or the caller's) that rejects this address, if any. */
  exclusion: LookupExclusionSchema.nullable().optional(),
});
/**
 * The sync state of the open message. Asked for by `messageId`, or by `messageIdSha256` — the lower-case hex
 * SHA-256 of `normalizeMessageId(id)` — so a client that does not yet know whether a message is customer mail
 * (Gmail classifies from this very answer) never sends the id of a non-customer message.
 */
export const LookupMessageStateSchema = z.object({
  messageId: z.string(),
  emailId: id.nullable(),
  syncedByMe: z.boolean(),
});
export const LookupResponseSchema = z.object({
  results: z.array(LookupResultSchema),
  /** The rules a client needs to classify locally without downloading the index (Gmail). */
  rules: z.object({ internalDomains: z.array(z.string()), settings: WorkspaceSettingsSchema }).optional(),
  /** Present when `?messageId=` was asked: whether that email is stored, and synced by the caller. */
  message: LookupMessageStateSchema.nullable().optional(),
});

// ---- exclusions, settings, inbound, health ----------------------------------------------------------
export const ExclusionSchema = IndexExclusionSchema.extend({
  createdAt: isoDate.optional(),
  userId: id.nullable().optional(),
});
export const ExclusionCreateSchema = z
  .object({
    kind: z.enum(["address", "domain"]),
    value: z.string().trim().min(1).max(320),
    scope: z.enum(["user", "workspace"]).default("user"),
    purge: z.boolean().default(false),
  })
  .strict();
export const ExclusionCreatedSchema = ExclusionSchema.extend({ purged: z.number().int() });
export const ExclusionListSchema = z.object({
  exclusions: z.array(ExclusionSchema),
  /** The next page's cursor (oldest first); null on the last page. */
  nextCursor: z.string().nullable().optional(),
});

export const UserSettingsSchema = z.object({
  outlookFolders: z.array(z.string().max(500)).max(200),
  gmailLabels: z.array(z.string().max(500)).max(200),
  lookbackDays: z.number().int().min(1).max(3650),
  autoSyncOnOpen: z.boolean(),
  /** New threads this user syncs start private (issue 12). Absent on `PUT` keeps the current value. */
  newSyncsPrivate: z.boolean().optional(),
});

export const InboundResultSchema = z.object({
  status: BatchStatusSchema,
  reason: z.string().optional(),
  emailId: id.optional(),
});
export const HealthSchema = z.object({ ok: z.literal(true), database: z.enum(["pglite", "postgres"]) });
export const ClassificationReasonSchema = z.enum(CLASSIFICATION_REASONS);

export type ErrorBody = z.infer<typeof ErrorBodySchema>;
export type Me = z.infer<typeof MeSchema>;
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;
export type Workspace = z.infer<typeof WorkspaceSchema>;
export type WorkspacePatch = z.infer<typeof WorkspacePatchSchema>;
export type CustomerIndexChanges = z.infer<typeof CustomerIndexChangesSchema>;
export type CustomerIndexSince = z.infer<typeof CustomerIndexSinceSchema>;
export type Customer = z.infer<typeof CustomerSchema>;
export type Signals = z.infer<typeof SignalsSchema>;
export type CustomerCreate = z.input<typeof CustomerCreateSchema>;
export type CustomerPatch = z.infer<typeof CustomerPatchSchema>;
export type CustomerList = z.infer<typeof CustomerListSchema>;
export type CustomerImportResult = z.infer<typeof CustomerImportResultSchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type EmailSummary = z.infer<typeof EmailSummarySchema>;
export type EmailDetail = z.infer<typeof EmailDetailSchema>;
export type EmailPage = z.infer<typeof EmailPageSchema>;
export type EmailPatch = z.infer<typeof EmailPatchSchema>;
export type EmailPrivacy = z.infer<typeof EmailPrivacySchema>;
export type EmailInput = z.infer<typeof EmailInputSchema>;
export type BatchStatus = z.infer<typeof BatchStatusSchema>;
export type BatchResult = z.infer<typeof BatchResultSchema>;
export type EmailBatchResponse = z.infer<typeof EmailBatchResponseSchema>;
export type LookupResult = z.infer<typeof LookupResultSchema>;
export type LookupResponse = z.infer<typeof LookupResponseSchema>;
export type Exclusion = z.infer<typeof ExclusionSchema>;
export type ExclusionList = z.infer<typeof ExclusionListSchema>;
export type ExclusionCreate = z.input<typeof ExclusionCreateSchema>;
export type ExclusionCreated = z.infer<typeof ExclusionCreatedSchema>;
export type UserSettings = z.infer<typeof UserSettingsSchema>;
export type InboundResult = z.infer<typeof InboundResultSchema>;
export type Health = z.infer<typeof HealthSchema>;
