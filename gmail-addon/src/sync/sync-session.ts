// Shared by "Sync this thread" and label sync: look participants up in batches (remembering answers for the
// rest of the execution), classify each message locally — by its addresses first, reading headers only for the
// messages the addresses make customer candidates — and upload only the customer emails.
import {
  buildCustomerIndex,
  snapshotFromLookup,
  uploadBatches,
  type BatchStatus,
  type Classification,
  type CustomerIndex,
  type MailMessage,
  type EmailInput,
  type LookupResponse,
  type LookupResult,
  type SyncApi,
} from "../../../shared";
import { emailInput_ } from "../gmail/email-input";
import { participants_, summaryOf_, withHeaders_ } from "../gmail/read-message";
import { lookupBatches_ } from "../lookup/lookup-batches";

export interface SyncCounts {
  scanned: number;
  customer: number;
  stored: number;
  duplicate: number;
  /** Not customer email, decided locally: never sent. */
  skipped: number;
  /** Refused by the server (excluded or invalid) or not accepted. */
  rejected: number;
}

export function emptyCounts_(): SyncCounts {
  return { scanned: 0, customer: 0, stored: 0, duplicate: 0, skipped: 0, rejected: 0 };
}

export function addCounts_(a: SyncCounts, b: SyncCounts): SyncCounts {
  return {
    scanned: a.scanned + b.scanned,
    customer: a.customer + b.customer,
    stored: a.stored + b.stored,
    duplicate: a.duplicate + b.duplicate,
    skipped: a.skipped + b.skipped,
    rejected: a.rejected + b.rejected,
  };
}

/** A message loaded by a batch call (GmailApp.getMessagesForThreads, GmailThread.getMessages). */
export interface LoadedMessage {
  message: GoogleAppsScript.Gmail.GmailMessage;
  threadId: string;
}

export class SyncSession {
  private readonly known = new Map<string, LookupResult>();
  private rules: LookupResponse["rules"];
  private index: CustomerIndex | null = null;

  constructor(
    private readonly api: SyncApi,
    private readonly apiConfig: { baseUrl: string; token: string },
    readonly viewer: string,
  ) {}

  /** Asks the server about addresses not seen yet in this execution. */
  lookUp_(addresses: string[]): void {
    const unknown = [...new Set(addresses)].filter((a) => !this.known.has(a));
    if (unknown.length === 0 && this.rules) return;
    const { batches } = lookupBatches_(this.apiConfig, unknown.length ? unknown : [this.viewer]);
    for (const emails of batches) {
      const response = this.api.lookup({ emails });
      if (response.rules) this.rules = response.rules;
      for (const result of response.results) this.known.set(result.email.toLowerCase(), result);
      for (const email of emails) if (!this.known.has(email)) this.known.set(email, emptyResult_(email));
    }
    this.index = null;
  }

  /** The workspace rules, asking the server once if no lookup has brought them yet. */
  rules_(): LookupResponse["rules"] {
    if (!this.rules) this.lookUp_([]);
    return this.rules;
  }

  private currentIndex_(): CustomerIndex {
    if (this.index === null) {
      this.index = buildCustomerIndex(
        snapshotFromLookup({ results: [...this.known.values()], rules: this.rules }),
      );
    }
    return this.index;
  }

  classify_(mail: MailMessage): Classification {
    return this.currentIndex_().classify(mail, { addresses: [this.viewer] });
  }

  /**
   * Classifies loaded messages (looking their participants up first) and uploads the customer ones. Headers
   * can only turn a customer email into noise, never the reverse, so a message its addresses rule out is done.
   */
  syncMessages_(loaded: LoadedMessage[]): SyncCounts {
    const counts = emptyCounts_();
    const summaries = loaded.map((l) => summaryOf_(l.message, l.threadId));
    this.lookUp_(summaries.flatMap((s) => participants_(s.mail, this.viewer)));
    const inputs: EmailInput[] = [];
    loaded.forEach(({ message }, i) => {
      counts.scanned++;
      if (!this.classify_(summaries[i].mail).related) {
        counts.skipped++;
        return;
      }
      const read = withHeaders_(summaries[i], message);
      if (!this.classify_(read.mail).related) {
        counts.skipped++;
        return;
      }
      counts.customer++;
      inputs.push(emailInput_(message, read));
    });
    for (const batch of uploadBatches(inputs, (input) => input)) {
      for (const result of this.api.syncEmails(batch).results) tally_(counts, result.status);
    }
    return counts;
  }
}

function tally_(counts: SyncCounts, status: BatchStatus): void {
  if (status === "stored") counts.stored++;
  else if (status === "duplicate") counts.duplicate++;
  else counts.rejected++;
}

function emptyResult_(email: string): LookupResult {
  return { email, customer: null, contact: null, recentEmails: [], matchedBy: null, exclusion: null };
}
