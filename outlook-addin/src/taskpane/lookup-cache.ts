import { normalizeMessageId, type LookupResponse } from "../../../shared";

/** Messages whose last `/lookup` answer is kept for an instant card on the next visit. */
export const LOOKUP_CACHE_SIZE = 300;

/** What the pane knows about a message: its Message-ID and the customer addresses `/lookup` was asked with. */
export interface LookupKey {
  messageId: string;
  lookupEmails: string[];
}

/**
 * The pane's memory across messages, without React: the last `/lookup` answer per message (most recently seen
 * last, at most `LOOKUP_CACHE_SIZE`), the emails this pane queued in the outbox ("pending"), and the messages
 * already auto-synced once (never twice, even after a removal).
 */
export class LookupCache {
  private readonly answers = new Map<string, LookupResponse>();
  private readonly pending = new Set<string>();
  private readonly autoSynced = new Set<string>();

  constructor(private readonly capacity = LOOKUP_CACHE_SIZE) {}

  private static keyOf(key: LookupKey): string {
    return `${key.messageId}\n${key.lookupEmails.join(",")}`;
  }

  get(key: LookupKey): LookupResponse | undefined {
    return this.answers.get(LookupCache.keyOf(key));
  }

  put(key: LookupKey, answer: LookupResponse): void {
    const k = LookupCache.keyOf(key);
    this.answers.delete(k); // re-inserted last: the map keeps the most recently seen messages
    this.answers.set(k, answer);
    if (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value!);
  }

  /** Drops every answer about one message (it was synced, removed or queued). */
  forget(messageId: string): void {
    for (const k of [...this.answers.keys()]) if (k.startsWith(`${messageId}\n`)) this.answers.delete(k);
  }

  /** Drops what is known about messages uploaded elsewhere (the ribbon), compared by normalized Message-ID. */
  forgetUploaded(messageIds: string[]): void {
    const uploaded = new Set(messageIds.map((id) => normalizeMessageId(id)));
    for (const k of [...this.answers.keys()]) {
      const id = k.slice(0, k.indexOf("\n"));
      if (uploaded.has(normalizeMessageId(id))) {
        this.answers.delete(k);
        this.pending.delete(id);
      }
    }
  }

  /** Every answer may be outdated (the customer index changed, a sender was excluded…). */
  clear(): void {
    this.answers.clear();
  }

  get size(): number {
    return this.answers.size;
  }

  markPending(messageId: string): void {
    this.pending.add(messageId);
  }

  isPending(messageId: string): boolean {
    return this.pending.has(messageId);
  }

  unmarkPending(messageId: string): void {
    this.pending.delete(messageId);
  }

  /** The outbox drained: forgets the answers about the emails this pane queued; true when there were any. */
  drainPending(): boolean {
    if (this.pending.size === 0) return false;
    for (const id of this.pending) this.forget(id);
    this.pending.clear();
    return true;
  }

  /** True the first time a message is offered for auto-sync, false ever after. */
  claimAutoSync(messageId: string): boolean {
    if (this.autoSynced.has(messageId)) return false;
    this.autoSynced.add(messageId);
    return true;
  }
}
