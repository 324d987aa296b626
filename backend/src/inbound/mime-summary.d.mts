// Types of mime-summary.mjs (plain JavaScript so the MIME worker runs without a TypeScript loader).

export class MimeRefusal extends Error {
  constructor(code: string, message: string);
  readonly code: string;
}

export interface MimeLimits {
  /** Largest raw message read, in bytes. */
  maxBytes: number;
  /** Most MIME parts (and most multipart or nested-message containers). */
  maxParts: number;
  /** Deepest multipart nesting. */
  maxDepth: number;
  /** Most header fields at the top of the message. */
  maxHeaders: number;
}

/** What Touchbase keeps of a parsed message. */
export interface MimeSummary {
  headers: { key: string; value: string }[];
  fromAddress: string | null;
  date: string | null;
  subject: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  text: string | null;
  html: string | null;
  attachmentTypes: string[];
}

export function prescan(raw: Uint8Array, limits: MimeLimits): void;
export function summarize(raw: Uint8Array, limits: MimeLimits): Promise<MimeSummary>;
