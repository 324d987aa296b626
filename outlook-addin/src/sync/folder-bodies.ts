// Folder sync's body step: customer messages whose headers were classified (a listing's, or a delta entry that
// came without its body) wait in `pendingBodies`; they are read 20 per `$batch`, classified again with their
// internet headers, and queued in the outbox together with the folder state (one IndexedDB transaction), so a
// crash never loses or doubles one.
import type { EmailInput } from "../../../shared";
import { BODY_BATCH, fetchBodyBatch, type BodyAnswer } from "./graph-bodies";
import { emailFromGraph, mailFromGraph } from "./graph-email";
import {
  noteFailure,
  queueWithState,
  reportProgress,
  timeUp,
  type FolderRun,
  type RunContext,
} from "./folder-run";

/**
 * Body batches started before waiting for one: the Graph client's limiter sends one 20-member batch at a time
 * (it fills the mailbox's 4 slots), so a second one only means the next is ready while the last is classified.
 */
const BATCHES_IN_FLIGHT = 2;

/** What one body batch decided: emails to queue, ids done with (queued, skipped or gone), ids queued. */
interface BodyVerdicts {
  emails: EmailInput[];
  handled: string[];
  seen: string[];
}

async function judgeBodies(ctx: RunContext, run: FolderRun, answers: BodyAnswer[]): Promise<BodyVerdicts> {
  const verdicts: BodyVerdicts = { emails: [], handled: [], seen: [] };
  for (const answer of answers) {
    if (answer.kind === "unanswered") continue; // stays pending for the next run
    verdicts.handled.push(answer.id);
    if (answer.kind === "gone") {
      run.counts.removed++;
      continue;
    }
    const email = emailFromGraph(answer.message);
    // Classified again with the internet headers: bulk mail and auto-replies show only there.
    const verdict = await ctx.index.classify(mailFromGraph(answer.message));
    if (email && verdict.related) {
      run.counts.customer++;
      verdicts.emails.push(email);
      verdicts.seen.push(answer.id);
    } else run.counts.skipped++;
  }
  return verdicts;
}

/** Fetches one batch of bodies and queues the customer emails with the folder state that no longer lists them. */
export async function queueBodies(ctx: RunContext, run: FolderRun, ids: string[]): Promise<void> {
  const answers = await fetchBodyBatch(ctx.graph, ids, ctx.signal);
  const { emails, handled, seen } = await judgeBodies(ctx, run, answers);
  const done = new Set(handled);
  run.folder.pendingBodies = run.folder.pendingBodies.filter((id) => !done.has(id));
  await queueWithState(ctx, run, emails, seen);
  reportProgress(ctx, run, "bodies");
}

function startBodyBatch(ctx: RunContext, run: FolderRun, ids: string[]): void {
  for (const id of ids) run.fetching.add(id);
  const job: Promise<void> = queueBodies(ctx, run, ids)
    .catch((error: unknown) => noteFailure(run, error))
    .finally(() => {
      for (const id of ids) run.fetching.delete(id);
      run.inFlight.delete(job);
    });
  run.inFlight.add(job);
}

/**
 * Starts body batches for the pending ids: only full batches while listing goes on (`all` false), the rest too
 * at the end. Stops at the deadline (marking the run stopped) or after a failure.
 */
export async function pumpBodies(ctx: RunContext, run: FolderRun, all: boolean): Promise<void> {
  for (;;) {
    const ready = run.folder.pendingBodies.filter((id) => !run.fetching.has(id));
    if (run.failure || ready.length === 0 || (!all && ready.length < BODY_BATCH)) return;
    if (timeUp(ctx)) {
      run.stopped = true;
      return;
    }
    startBodyBatch(ctx, run, ready.slice(0, BODY_BATCH));
    if (run.inFlight.size >= BATCHES_IN_FLIGHT) await Promise.race(run.inFlight);
  }
}

/** Waits for the body batches still running (their failures are already in `run.failure`). */
export async function settleBodies(run: FolderRun): Promise<void> {
  await Promise.allSettled([...run.inFlight]);
}
