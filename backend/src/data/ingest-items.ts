import {
  EmailInputSchema,
  noiseOf,
  normalizeAddress,
  parseAddressList,
  type BatchResult,
  type Classification,
  type CustomerIndex,
  type EmailInput,
  emailKey,
  mailOfEmail,
} from "../../../shared/index";
import type { emails } from "../db/schema";
import { participantKeys, snippetOf, threadKeyOf } from "./email-row";
import {
  MAX_BATCH_RECIPIENTS,
  nulProblem,
  participantsProblem,
  recipientCount,
  SENT_AT_FUTURE_SENTENCE,
  SENT_AT_RANGE_SENTENCE,
  sentAtInFuture,
  sentAtInRange,
  withoutNul,
} from "./email-values";
import { newId } from "./ids";
import type { Caller } from "./workspaces";

// The first half of a sync: each item validated and re-classified on its own, as the caller sees it, into the
// rows to write. Nothing here touches the database.

type EmailSource = NonNullable<EmailInput["source"]>;

/** An item the rules accept, with the row it becomes. */
export interface Accepted {
  position: number;
  input: EmailInput;
  key: string;
  classification: Classification;
  row: typeof emails.$inferInsert;
}

export interface IngestOptions {
  /** Source for items that do not name one. */
  defaultSource?: EmailSource;
  /** Forces the source (BCC inbound, CLI import), whatever the item says. */
  source?: EmailSource;
  /** Classify and report only; nothing is written. */
  dryRun?: boolean;
  /** Store without extracting reply text (the benchmark's baseline); the backfill fills it later. */
  skipReplyText?: boolean;
}

export interface PreparedBatch {
  /** One slot per item; filled here for refused items, by the writer for accepted ones. */
  results: BatchResult[];
  accepted: Accepted[];
  /** Later items with the key of an earlier accepted one: they get its outcome. */
  duplicatesInBatch: { position: number; of: Accepted }[];
}

function issueSentence(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  const at = issue?.path.length ? `${issue.path.map(String).join(".")}: ` : "";
  return `${at}${issue?.message ?? "not a valid email"}`;
}

export function prepareBatch(
  index: CustomerIndex,
  caller: Caller,
  items: readonly unknown[],
  options: IngestOptions = {},
): PreparedBatch {
  const viewer = { addresses: [caller.user.email] };
  const results: BatchResult[] = new Array(items.length);
  const accepted: Accepted[] = [];
  const firstByKey = new Map<string, Accepted>();
  const duplicatesInBatch: { position: number; of: Accepted }[] = [];
  let recipientBudget = MAX_BATCH_RECIPIENTS;

  items.forEach((raw, position) => {
    const rawId = (raw as { messageId?: unknown } | null)?.messageId;
    const messageId = typeof rawId === "string" ? rawId : "";
    const parsed = EmailInputSchema.safeParse(raw);
    if (!parsed.success) {
      results[position] = { messageId, status: "invalid", reason: issueSentence(parsed.error) };
      return;
    }
    const input = { ...parsed.data, text: withoutNul(parsed.data.text), html: withoutNul(parsed.data.html) };
    const unstorable = nulProblem(input) ?? participantsProblem(input);
    if (unstorable) {
      results[position] = { messageId, status: "invalid", reason: unstorable };
      return;
    }
    const sentAt = new Date(input.sentAt);
    if (!sentAtInRange(sentAt)) {
      results[position] = { messageId, status: "invalid", reason: SENT_AT_RANGE_SENTENCE };
      return;
    }
    if (sentAtInFuture(sentAt)) {
      results[position] = { messageId, status: "invalid", reason: SENT_AT_FUTURE_SENTENCE };
      return;
    }
    const senders = parseAddressList(input.from).flatMap((p) => normalizeAddress(p.address) ?? []);
    if (senders.length === 0) {
      results[position] = { messageId, status: "invalid", reason: "from: no valid sender address" };
      return;
    }
    const recipients = recipientCount(input);
    if (recipients > recipientBudget) {
      results[position] = {
        messageId,
        status: "invalid",
        reason: `this batch names more than ${MAX_BATCH_RECIPIENTS} recipients in all; send this email in a smaller batch`,
      };
      return;
    }
    recipientBudget -= recipients;
    const message = mailOfEmail(input);
    const classification = index.classify(message, viewer);
    if (!classification.related) {
      results[position] = {
        messageId,
        status: classification.reason === "excluded" ? "excluded" : "not-customer",
        reason: classification.reason,
      };
      return;
    }
    const key = emailKey(input);
    const earlier = firstByKey.get(key);
    if (earlier) {
      duplicatesInBatch.push({ position, of: earlier });
      return;
    }
    const item: Accepted = {
      position,
      input,
      key,
      classification,
      row: {
        id: newId("em"),
        workspaceId: caller.workspace.id,
        messageKey: key,
        messageId: input.messageId.trim(),
        threadKey: threadKeyOf(input, key),
        subject: input.subject ?? "",
        from: input.from,
        to: input.to ?? "",
        cc: input.cc ?? "",
        sentAt,
        direction: index.direction(message, viewer),
        snippet: snippetOf(input.text, input.html),
        text: input.text ?? null,
        html: input.html ?? null,
        source: options.source ?? input.source ?? options.defaultSource ?? "import",
        participants: participantKeys(input),
        fromAddress: senders[0],
        noise: noiseOf(message, senders),
      },
    };
    firstByKey.set(key, item);
    accepted.push(item);
  });

  return { results, accepted, duplicatesInBatch };
}

/** Copies of an earlier item get its outcome; a copy of an item the database refused is refused alike. */
export function settleDuplicates(batch: PreparedBatch, items: readonly unknown[]): BatchResult[] {
  const { results } = batch;
  for (const d of batch.duplicatesInBatch) {
    const first = results[d.of.position];
    const messageId = (items[d.position] as { messageId: string }).messageId;
    results[d.position] =
      first.status === "invalid"
        ? { messageId, status: "invalid", reason: first.reason }
        : {
            messageId,
            status: "duplicate",
            ...(first.emailId ? { emailId: first.emailId } : {}),
            customerIds: first.customerIds,
          };
  }
  return results;
}
