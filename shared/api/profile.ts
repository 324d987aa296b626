import { z } from "zod";
import { CustomerSchema, DirectionSchema, EmailSummarySchema, EmailVisibilityFields } from "./schemas";

// The web workspace's customer profile (`GET /customers/{id}/profile`), its history as threads
// (`GET /customers/{id}/threads`, keyset-paged) and contact editing and merging.

const isoDate = z.string().min(1);

export const ProfileContactSchema = z.object({
  id: z.string(),
  address: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  source: z.enum(["manual", "auto"]),
  lastTouchAt: isoDate.nullable(),
  /** The contact this one was merged into (same person, another address), or null. */
  mergedInto: z.string().nullable(),
});

export const TeamMemberTouchSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  /** Emails of this customer the member synced. */
  emails: z.number().int(),
  lastEmailAt: isoDate.nullable(),
});

export const WeekCountSchema = z.object({
  /** Monday 00:00 UTC of the week. */
  week: isoDate,
  inbound: z.number().int(),
  outbound: z.number().int(),
});

export const CustomerProfileSchema = z.object({
  customer: CustomerSchema,
  contacts: z.array(ProfileContactSchema),
  /** True when the customer has more contacts than the profile lists. */
  contactsTruncated: z.boolean(),
  /** Emails per week, inbound and outbound, the last 26 weeks, oldest first (weeks without email are zeros). */
  weeks: z.array(WeekCountSchema),
  lastInboundAt: isoDate.nullable(),
  lastOutboundAt: isoDate.nullable(),
});

/** `GET /customers/{id}/team`: who in the team syncs the customer's mail (its own request: it counts every email). */
export const CustomerTeamSchema = z.object({ team: z.array(TeamMemberTouchSchema) });

/** A thread of the profile, shown by its newest email: what the caller may see of that email (issue 12). */
export const ThreadSummarySchema = z.object({
  threadKey: z.string().optional(),
  subject: z.string().optional(),
  lastAt: isoDate,
  count: z.number().int(),
  lastEmailId: z.string(),
  lastFrom: z.string().optional(),
  lastDirection: DirectionSchema.optional(),
  snippet: z.string().optional(),
  ...EmailVisibilityFields,
});

export const ThreadPageSchema = z.object({
  threads: z.array(ThreadSummarySchema),
  nextCursor: z.string().nullable(),
});

/** `GET /customers/{id}/contacts`: most recently in touch first, never touched last, keyset-paged. */
export const ContactPageSchema = z.object({
  contacts: z.array(ProfileContactSchema),
  nextCursor: z.string().nullable(),
});

export const ThreadEmailsSchema = z.object({ emails: z.array(EmailSummarySchema) });

export const ContactCreateSchema = z
  .object({
    address: z.string().trim().min(3).max(320),
    firstName: z.string().trim().max(200).default(""),
    lastName: z.string().trim().max(200).default(""),
  })
  .strict();
export const ContactPatchSchema = z
  .object({
    firstName: z.string().trim().max(200).optional(),
    lastName: z.string().trim().max(200).optional(),
  })
  .strict();
export const ContactMergeSchema = z
  .object({ keepId: z.string().min(1).max(64), mergeId: z.string().min(1).max(64) })
  .strict();

export type ProfileContact = z.infer<typeof ProfileContactSchema>;
export type CustomerProfile = z.infer<typeof CustomerProfileSchema>;
export type ThreadSummary = z.infer<typeof ThreadSummarySchema>;
export type ThreadPage = z.infer<typeof ThreadPageSchema>;
export type ContactPage = z.infer<typeof ContactPageSchema>;
export type WeekCount = z.infer<typeof WeekCountSchema>;
export type TeamMemberTouch = z.infer<typeof TeamMemberTouchSchema>;
export type CustomerTeam = z.infer<typeof CustomerTeamSchema>;
