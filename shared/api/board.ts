import { z } from "zod";
import { AttributesSchema, CustomerImportResultSchema } from "./schemas";

// The web workspace's Customers board (`GET /board/customers`): every customer with Last Touch, emails in the last
// 30 days and owner, sorted by any column on the server and keyset-paged, so 100,000 customers page as fast as 10.

/**
 * Built-in columns; any attribute sorts as `attr:<key>`. `awaitingReply` sorts by the oldest thread still awaiting
 * our reply (ascending: the longest wait first), `medianReply` by the median first reply time of the last 90 days
 * (ascending: the fastest first); customers without the figure come after the others in both directions, by name.
 */
export const BOARD_SORTS = [
  "name",
  "lastTouch",
  "emails30d",
  "owner",
  "awaitingReply",
  "medianReply",
] as const;
export const BoardSortSchema = z.union([
  z.enum(BOARD_SORTS),
  z.string().regex(/^attr:.{1,100}$/s, "An attribute column is attr:<name>."),
]);

export const BoardQuerySchema = z.object({
  sort: BoardSortSchema.default("name"),
  order: z.enum(["asc", "desc"]).default("asc"),
  /** Searches names and domains. */
  q: z.string().max(200).optional(),
  /** Only customers whose `owner` attribute is this (case-insensitive); `-` for customers without one. */
  owner: z.string().max(200).optional(),
  /** "No touch in N days": Last Touch older than N days, or never. */
  quietDays: z.coerce.number().int().min(1).max(3650).optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const isoDate = z.string().min(1);

export const BoardRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  domains: z.array(z.string()),
  attributes: AttributesSchema,
  /** The `owner` attribute, shown as its own column. */
  owner: z.string().nullable(),
  lastTouchAt: isoDate.nullable(),
  lastInboundAt: isoDate.nullable(),
  lastOutboundAt: isoDate.nullable(),
  emails30d: z.number().int(),
  /** When the oldest thread still awaiting our reply got its customer's email; null when none awaits. */
  awaitingSince: isoDate.nullable(),
  /** How many threads await a reply (counted up to 1,000). */
  awaitingCount: z.number().int(),
  /** The median first reply time of the last 90 days, in minutes, as of the customer's last email change. */
  medianReplyMinutes: z.number().int().nullable(),
  repliesMeasured: z.number().int(),
});

export const BoardPageSchema = z.object({
  rows: z.array(BoardRowSchema),
  nextCursor: z.string().nullable(),
});

/** What the board's column picker and owner filter offer. */
export const BoardColumnsSchema = z.object({
  attributes: z.array(z.string()),
  owners: z.array(z.string()),
  total: z.number().int(),
});

/** A CSV import tried in a transaction that is rolled back: what each line would do, and each line's error. */
export const ImportPreviewSchema = CustomerImportResultSchema.extend({
  changes: z.array(
    z.object({
      line: z.number().int(),
      action: z.enum(["create", "update"]),
      name: z.string(),
      domains: z.array(z.string()).optional(),
    }),
  ),
});

export type BoardSort = z.infer<typeof BoardSortSchema>;
export type BoardQuery = z.input<typeof BoardQuerySchema>;
export type BoardRow = z.infer<typeof BoardRowSchema>;
export type BoardPage = z.infer<typeof BoardPageSchema>;
export type BoardColumns = z.infer<typeof BoardColumnsSchema>;
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;
