import { SingleBar, Presets } from "cli-progress";
import { inArray, and, eq } from "drizzle-orm";
import { emailKey, type BatchResult, type EmailInput } from "../../../shared/index";
import type { Db } from "../db/connect";
import { emails } from "../db/schema";
import { customersByIds } from "../data/customers";
import { ingestEmails } from "../data/ingest";
import type { Caller } from "../data/workspaces";
import { sharedMimePool } from "../inbound/mime-pool";
import { MimeRefusal } from "../inbound/mime-summary.mjs";
import { emailFromSummary } from "../inbound/mime-to-email";
import type { Output } from "./cli-context";
import { mailSources } from "./mail-sources";

const REASONS: Record<string, string> = {
  "no-customer": "no participant belongs to a customer",
  "internal-only": "only internal people take part",
  excluded: "a participant is excluded",
  bulk: "it is bulk mail (mailing list or newsletter)",
  "auto-reply": "it is an automatic reply",
  "no-reply": "the sender is a no-reply address",
  calendar: "it is a calendar invitation",
};

/** One message of a dry run, for `--json`. */
export interface DryRunLine {
  file: string;
  status: string;
  subject?: string;
  customers?: string;
  reason?: string;
}

interface Pending {
  label: string;
  input: EmailInput | null;
  error?: string;
}

const BATCH = 100;
const NO_FROM = "it has no From: header, so it is not an email Touchbase can store (is it an .eml file?)";

/**
 * `ingest <path…> [--dry-run]`: stores the messages like the add-ins would (source `import`, as the chosen user
 * sees them), or with `--dry-run` says for each whether it would be stored, for which customers, and why not.
 */
export async function ingestCommand(
  db: Db,
  caller: Caller,
  paths: string[],
  options: { dryRun: boolean; progress: boolean; quiet?: boolean },
  io: Output,
): Promise<{ totals: Record<string, number>; messages: DryRunLine[] }> {
  const messages: DryRunLine[] = [];
  const say = (line: string) => {
    if (!options.quiet) io.out(line);
  };
  const totals: Record<string, number> = {
    stored: 0,
    duplicate: 0,
    "not-customer": 0,
    excluded: 0,
    invalid: 0,
  };
  const names = new Map<string, string>();
  const skipped: string[] = [];
  let bar: SingleBar | null = null;
  let seen = 0;
  if (options.progress && !options.dryRun) {
    bar = new SingleBar(
      { format: "Importing {bar} {value} messages ({stored} stored)", clearOnComplete: true },
      Presets.shades_classic,
    );
    bar.start(0, 0, { stored: 0 });
  }

  const customerNames = async (ids: string[] = []) => {
    const missing = ids.filter((id) => !names.has(id));
    if (missing.length)
      for (const [id, c] of await customersByIds(db, caller.workspace.id, missing)) names.set(id, c.name);
    return ids.map((id) => names.get(id) ?? id).join(", ");
  };

  const flush = async (pending: Pending[]) => {
    const inputs = pending.filter((p) => p.input).map((p) => p.input as EmailInput);
    const results = inputs.length
      ? await ingestEmails(db, caller, inputs, { source: "import", dryRun: options.dryRun })
      : [];
    const stored = options.dryRun ? await alreadyStored(db, caller, inputs) : new Set<string>();
    let i = 0;
    for (const p of pending) {
      const result: BatchResult = p.input
        ? results[i++]
        : { messageId: "", status: "invalid", reason: p.error ?? "unreadable" };
      let status = result.status;
      if (options.dryRun && status === "stored" && p.input && stored.has(emailKey(p.input)))
        status = "duplicate";
      totals[status]++;
      if (!options.dryRun) {
        // A message that cannot be stored is one line on stderr (after the progress bar), and the import goes on.
        if (status === "invalid")
          skipped.push(`skipped ${p.label}: ${result.reason ?? "not a readable email"}`);
        continue;
      }
      const subject = p.input?.subject ? ` "${p.input.subject.slice(0, 80)}"` : "";
      if (status === "stored" || status === "duplicate") {
        const names = await customerNames(result.customerIds);
        messages.push({ file: p.label, status, subject: p.input?.subject, customers: names });
        say(
          status === "stored"
            ? `would store    ${p.label}${subject} → ${names}`
            : `duplicate      ${p.label}${subject} → ${names} (already stored)`,
        );
      } else {
        const why = REASONS[result.reason ?? ""] ?? result.reason ?? "it is not a customer email";
        messages.push({ file: p.label, status, subject: p.input?.subject, reason: why });
        say(`would skip     ${p.label}${subject}: ${why}`);
      }
    }
    seen += pending.length;
    bar?.setTotal(seen);
    bar?.update(seen, { stored: totals.stored });
  };

  // Each message is read in the MIME worker pool, with the same limits as BCC inbound (a hostile mbox cannot hang
  // the import): one over a limit is skipped with the limit's sentence.
  const mime = sharedMimePool();
  let pending: Pending[] = [];
  for await (const message of mailSources(paths)) {
    try {
      const read = await mime.read(
        new Uint8Array(message.raw.buffer, message.raw.byteOffset, message.raw.length),
      );
      const { input } = emailFromSummary(read.summary);
      // Without a From: header there is no sender to classify: junk, a part cut out of a message, or a draft.
      if (input.from.trim()) pending.push({ label: message.label, input });
      else pending.push({ label: message.label, input: null, error: NO_FROM });
    } catch (error) {
      const why =
        error instanceof MimeRefusal && error.code !== "unparseable_message"
          ? error.message.replace(/\.$/, "")
          : "the file could not be read as an email";
      pending.push({ label: message.label, input: null, error: why });
    }
    if (pending.length >= BATCH) {
      await flush(pending);
      pending = [];
    }
  }
  if (pending.length) await flush(pending);
  bar?.stop();
  for (const line of skipped) io.err(line);
  const total = Object.values(totals).reduce((a, b) => a + b, 0);
  const verb = options.dryRun ? "would be stored" : "stored";
  say(
    `${total} messages: ${totals.stored} ${verb}, ${totals.duplicate} duplicates, ` +
      `${totals["not-customer"]} not customer email, ${totals.excluded} excluded, ${totals.invalid} invalid.`,
  );
  return { totals, messages };
}

async function alreadyStored(db: Db, caller: Caller, inputs: EmailInput[]): Promise<Set<string>> {
  if (inputs.length === 0) return new Set();
  const keys = inputs.map(emailKey);
  const rows = await db
    .select({ key: emails.messageKey })
    .from(emails)
    .where(and(eq(emails.workspaceId, caller.workspace.id), inArray(emails.messageKey, keys)));
  return new Set(rows.map((r) => r.key));
}
