// Who sees what of an email (issue 12). One rule for every read path and every surface: the server strips what a
// caller may not see before it answers, the clients use the same names to draw a lock and a "Private — synced by"
// line. Pure and synchronous, like the rest of the core.

/** The workspace's default: what a member sees of an email they did not sync. */
export const VISIBILITY_TIERS = ["full", "subject", "metadata"] as const;
export type VisibilityTier = (typeof VISIBILITY_TIERS)[number];
export const DEFAULT_VISIBILITY_TIER: VisibilityTier = "full";

/**
 * What one caller sees of one email, from least to most: `private` (a colleague's private thread: date and
 * customer only), `metadata` (participants, date, direction, thread), `subject` (plus the subject), `full`.
 */
export const EMAIL_ACCESS_LEVELS = ["private", "metadata", "subject", "full"] as const;
export type EmailAccess = (typeof EMAIL_ACCESS_LEVELS)[number];

export interface EmailViewer {
  /** The workspace's tier. */
  tier: VisibilityTier;
  /** Whether the email's thread is private. */
  isPrivate: boolean;
  /** Whether the caller synced this very email. Being an admin does not count: admins may delete, not read. */
  callerSynced: boolean;
}

/** The rule: syncers see everything; a colleague sees a private thread's date and customer, else the tier. */
export function emailAccess(viewer: EmailViewer): EmailAccess {
  if (viewer.callerSynced) return "full";
  if (viewer.isPrivate) return "private";
  return viewer.tier;
}

/**
 * The least access each field of an email needs, whatever shape carries it (history item, lookup item, email
 * detail, conversation row, thread summary, awaiting-reply entry, export row). A field not named here needs
 * `full`: a field added later stays hidden from colleagues until someone decides otherwise.
 */
export const EMAIL_FIELD_ACCESS = {
  // What a private thread still shows: that there was an email, when, with which customer, and who synced it.
  id: "private",
  emailId: "private",
  lastEmailId: "private",
  sentAt: "private",
  since: "private",
  lastAt: "private",
  count: "private",
  customerIds: "private",
  customers: "private",
  syncedBy: "private",
  private: "private",
  access: "private",
  privateSyncedBy: "private",
  syncedByMe: "private",
  // Metadata: participants, direction, thread, where it came from.
  messageId: "metadata",
  from: "metadata",
  to: "metadata",
  cc: "metadata",
  lastFrom: "metadata",
  direction: "metadata",
  lastDirection: "metadata",
  threadKey: "metadata",
  threadCount: "metadata",
  source: "metadata",
  // The subject tier adds the subject.
  subject: "subject",
  // Everything else is content: snippet, bodies, reply text, quoted-text flag, attachment names.
  snippet: "full",
  text: "full",
  html: "full",
  replyText: "full",
  hasQuotedText: "full",
  attachments: "full",
} as const satisfies Readonly<Record<string, EmailAccess>>;

const rank = (level: EmailAccess) => EMAIL_ACCESS_LEVELS.indexOf(level);

/** Whether a caller with `access` may see `field` of an email. */
export function mayShowEmailField(field: string, access: EmailAccess): boolean {
  const needs: EmailAccess = (EMAIL_FIELD_ACCESS as Readonly<Record<string, EmailAccess>>)[field] ?? "full";
  return rank(access) >= rank(needs);
}

/** The fields every caller sees, even of a colleague's private thread. */
export type AlwaysShownField = {
  [K in keyof typeof EMAIL_FIELD_ACCESS]: (typeof EMAIL_FIELD_ACCESS)[K] extends "private" ? K : never;
}[keyof typeof EMAIL_FIELD_ACCESS];

/** The fields of `email` this access allows; the others are absent (never blanked). */
export function visibleEmailFields<T extends object>(
  email: T,
  access: EmailAccess,
): Partial<T> & Pick<T, Extract<keyof T, AlwaysShownField>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(email)) {
    if (mayShowEmailField(key, access)) out[key] = value;
  }
  return out as Partial<T> & Pick<T, Extract<keyof T, AlwaysShownField>>;
}

/** The one wording of a colleague's private thread, for every surface. */
export function privateLabel(syncedBy: readonly string[]): string {
  const names = syncedBy.filter((n) => n.trim() !== "");
  return names.length === 0 ? "Private" : `Private — synced by ${names.join(", ")}`;
}

/** What colleagues see of another member's email under each tier, for the admin's settings page. */
export const TIER_DESCRIPTIONS: Readonly<Record<VisibilityTier, string>> = {
  full: "Colleagues read the whole email: participants, subject and body.",
  subject: "Colleagues see who wrote to whom, when, and the subject — never the body.",
  metadata: "Colleagues see only who wrote to whom and when — no subject, no body.",
};

/** The parts of an email a list line needs to name it, whatever the caller may see. */
export interface EmailTitleParts {
  subject?: string;
  access?: EmailAccess;
  privateSyncedBy?: readonly string[];
}

/**
 * How every surface names an email in a list: its subject; "(no subject)" when it has none; on a colleague's
 * private thread "Private — synced by Dana"; below the subject tier "Subject hidden by the workspace's settings".
 */
export function emailTitle(email: EmailTitleParts): string {
  if (email.access === "private") return privateLabel(email.privateSyncedBy ?? []);
  if (email.subject === undefined) return "Subject hidden by the workspace's settings";
  return email.subject.trim() || "(no subject)";
}

/** The label of the privacy action on the caller's own synced email (both add-ins and the web workspace). */
export function privacyActionLabel(isPrivate: boolean): string {
  return isPrivate ? "Share with team" : "Make private";
}
