export interface IndexSettings {
  autoCreateContacts: boolean;
  skipBulk: boolean;
  skipAutoReplies: boolean;
  skipCalendar: boolean;
  skipNoReply: boolean;
  lookbackDays: number;
}

export interface IndexCustomer {
  id: string;
  name: string;
  domains: string[];
}

export interface IndexContact {
  id: string;
  customerId: string;
  address: string;
}

export interface IndexExclusion {
  id?: string;
  kind: "address" | "domain";
  value: string;
  scope: "workspace" | "user";
}

/** What the shared core needs to decide "is this a customer email, and whose?". */
export interface CustomerIndexSnapshot {
  version: string;
  internalDomains: string[];
  customers: IndexCustomer[];
  contacts: IndexContact[];
  exclusions: IndexExclusion[];
  settings: IndexSettings;
}

/** A message as the mail clients see it. Address fields are raw header values; header names are case-insensitive. */
export interface MailMessage {
  messageId?: string;
  from: string;
  to?: string;
  cc?: string;
  bcc?: string;
  subject?: string;
  date?: string;
  headers?: Record<string, string>;
  hasCalendarInvite?: boolean;
}

export interface Viewer {
  addresses: string[];
}

export const CLASSIFICATION_REASONS = [
  "customer",
  "no-customer",
  "internal-only",
  "excluded",
  "bulk",
  "auto-reply",
  "no-reply",
  "calendar",
] as const;
export type ClassificationReason = (typeof CLASSIFICATION_REASONS)[number];

export type MatchVia = "contact" | "domain" | "subdomain";

export interface CustomerMatch {
  customerId: string;
  matchedBy: { address: string; via: MatchVia }[];
}

export interface NewContact {
  address: string;
  customerId: string;
  firstName: string;
  lastName: string;
}

export interface Classification {
  related: boolean;
  reason: ClassificationReason;
  customers: CustomerMatch[];
  newContacts: NewContact[];
}

export const DEFAULT_INDEX_SETTINGS: IndexSettings = {
  autoCreateContacts: true,
  skipBulk: true,
  skipAutoReplies: true,
  skipCalendar: true,
  skipNoReply: true,
  lookbackDays: 90,
};
