import { z } from "zod";
import { DirectionSchema, EmailSourceSchema, EmailVisibilityFields } from "./schemas";

// The web workspace's other reads: Conversations (every customer email of the workspace, filtered, keyset-paged),
// my sync state, what a new exclusion would purge, and the admins' sync health and BCC key rotation.

const isoDate = z.string().min(1);

export const ConversationQuerySchema = z.object({
  customerId: z.string().max(64).optional(),
  /** Emails this team member synced. */
  userId: z.string().max(64).optional(),
  direction: DirectionSchema.optional(),
  /** Sent on or after / before these instants (ISO). */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A row of Conversations; fields the caller may not see are absent (issue 12). */
export const ConversationSchema = z.object({
  id: z.string(),
  subject: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  sentAt: isoDate,
  direction: DirectionSchema.optional(),
  snippet: z.string().optional(),
  threadKey: z.string().optional(),
  customers: z.array(z.object({ id: z.string(), name: z.string() })),
  syncedBy: z.array(z.object({ userId: z.string(), name: z.string() })),
  ...EmailVisibilityFields,
});

export const ConversationPageSchema = z.object({
  emails: z.array(ConversationSchema),
  nextCursor: z.string().nullable(),
});

export const ClientSyncStateSchema = z.object({
  source: EmailSourceSchema,
  emails: z.number().int(),
  lastSyncAt: isoDate.nullable(),
});
export const MySyncStateSchema = z.object({
  /** Emails I synced (the number "remove all my synced emails" acts on). */
  total: z.number().int(),
  clients: z.array(ClientSyncStateSchema),
});

export const PurgeCountSchema = z.object({
  /** Stored emails that name the address or domain: at most this many are purged. */
  emails: z.number().int(),
});

export const TeamMemberSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(["admin", "member"]),
  deactivatedAt: isoDate.nullable(),
});

/** An upload a member's mail client made that the server refused, wholly or for some of its emails. */
export const UploadErrorSchema = z.object({
  at: isoDate,
  /** The client the batch said it came from (its emails' `source`), when it said. */
  client: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});

export const SyncHealthSchema = z.object({
  members: z.array(
    TeamMemberSchema.extend({
      emails: z.number().int(),
      lastUploadAt: isoDate.nullable(),
      /** The client of the newest upload. */
      lastClient: EmailSourceSchema.nullable(),
      emailsLast7Days: z.number().int(),
      /** The newest refused upload; an upload after it (lastUploadAt) means the client recovered. */
      lastError: UploadErrorSchema.nullable(),
    }),
  ),
});

export const InboundKeySchema = z.object({ inboundAddressKey: z.string() });

export type Conversation = z.infer<typeof ConversationSchema>;
export type ConversationPage = z.infer<typeof ConversationPageSchema>;
export type MySyncState = z.infer<typeof MySyncStateSchema>;
export type SyncHealth = z.infer<typeof SyncHealthSchema>;
export type UploadError = z.infer<typeof UploadErrorSchema>;
export type TeamMember = z.infer<typeof TeamMemberSchema>;
