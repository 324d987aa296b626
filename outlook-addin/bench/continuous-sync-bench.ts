// Continuous-sync benchmark: the pane stays open for one hour of SIMULATED time while a new customer email arrives
// in a synced folder every minute. The real engine (fake-indexeddb) runs its real schedule, driven by a fake clock
// (every timer fires at its simulated time; nothing waits an hour), against the Graph simulator (in this process)
// and the real backend (a child process: the add-in's code never imports the backend, lint forbids it). Figures:
//   arrival → stored, p50 and p95: ≤ 5 minutes each (simulated time)
//   Graph requests spent over the hour vs 1.1 × one per folder per round
// Run alone: `npx tsx outlook-addin/bench/continuous-sync-bench.ts`; `npm run bench:outlook` calls it.
import "fake-indexeddb/auto";
import { createAsyncApi } from "../../shared";
import { spawnBackend, type SpawnedBackend } from "../../dev/spawn-backend";
import { startGraphSimulator, type GraphSimulator, type Mailbox } from "../graph-simulator";
import { createGraphClient, createSimulatorTokenProvider } from "../src/graph";
import { createEngine, fetchTransport, type ScheduleTimer } from "../src/sync";
import type { TouchbaseEngine } from "../src/sync/engine-types";
import { formatFigures, type BenchFigure } from "./folder-sync-bench";

const OWNER = { name: "Alex Admin", address: "admin@touchbase.local" };
const MINUTE = 60_000;
const HOUR_MINUTES = 60;
const EVERY_MINUTES = 5;
const TARGET_MINUTES = 5;

/** A clock that moves only when told, and the timers set against it. */
function fakeClock(start: number) {
  let now = start;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let ids = 0;
  const timer: ScheduleTimer = {
    set: (run, ms) => {
      const id = ++ids;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clear: (id) => void (timers = timers.filter((t) => t.id !== id)),
  };
  /** The next timer due by `until`, removed from the list (null when none is). */
  const nextDue = (until: number) => {
    const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
    if (!due) return null;
    timers = timers.filter((t) => t !== due);
    now = Math.max(now, due.at);
    return due;
  };
  return { timer, now: () => now, nextDue, moveTo: (t: number) => (now = Math.max(now, t)) };
}

/** The real backend with an empty workspace, its own database and one customer. */
async function startBackend(): Promise<SpawnedBackend> {
  const backend = await spawnBackend({ timeoutMs: 120_000 });
  const api = createAsyncApi({ baseUrl: backend.url, token: backend.token }, fetchTransport());
  await api.updateWorkspace({ internalDomains: ["northwind-cs.com", "touchbase.local"] });
  await api.createCustomer({ name: "Acme Corporation", domains: ["acme.com"] });
  return backend;
}

let arrivals = 0;
function customerEmail(mailbox: Mailbox, folderId: string, at: number): string {
  const n = ++arrivals;
  const internetMessageId = `<bench-arrival-${n}-${at}@acme.com>`;
  mailbox.add({
    folderId,
    internetMessageId,
    subject: `Arrival ${n}`,
    from: { name: "Wile Coyote", address: "wile.coyote@acme.com" },
    to: [OWNER],
    cc: [],
    receivedDateTime: new Date(at).toISOString(),
    sentDateTime: new Date(at).toISOString(),
    conversationId: `bench-${n}`,
    body: { contentType: "html", content: `<p>Arrival ${n}</p>` },
    internetMessageHeaders: [{ name: "Message-ID", value: internetMessageId }],
    isDraft: false,
    isRead: false,
  });
  return internetMessageId;
}

/** Fires every timer due by `until` in order, each round run to its end before the clock moves on. */
async function runUntil(clock: ReturnType<typeof fakeClock>, engine: TouchbaseEngine, until: number) {
  for (let due = clock.nextDue(until); due; due = clock.nextDue(until)) {
    due.run();
    await engine.schedule!.runNow(); // the round the timer started (runNow joins it)
  }
  clock.moveTo(until);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface HourResult {
  /** Arrival → stored, per email (simulated ms). */
  delays: number[];
  missing: number;
  rounds: number;
  requests: number;
}

/** The hour itself: an email a minute into the Inbox, rounds every 5 minutes, every upload timed. */
async function simulateHour(
  sim: GraphSimulator,
  engine: TouchbaseEngine,
  clock: ReturnType<typeof fakeClock>,
): Promise<HourResult> {
  const mailbox = sim.mailbox(OWNER.address);
  const inbox = mailbox.folder("inbox")!.id;
  const arrivedAt = new Map<string, number>();
  const storedAt = new Map<string, number>();
  const stopTiming = engine.outbox.onOutcomes((outcomes) => {
    for (const o of outcomes) if (o.status === "stored") storedAt.set(o.messageId, clock.now());
  });
  const start = clock.now();
  const end = start + HOUR_MINUTES * MINUTE;
  sim.clearLog();
  for (let at = start; at < end; at += MINUTE) {
    await runUntil(clock, engine, at);
    arrivedAt.set(customerEmail(mailbox, inbox, at), at);
  }
  await runUntil(clock, engine, end + EVERY_MINUTES * MINUTE); // the last arrival's round
  stopTiming();
  const stored = [...arrivedAt].filter(([id]) => storedAt.has(id));
  return {
    delays: stored.map(([id, at]) => storedAt.get(id)! - at),
    missing: arrivedAt.size - stored.length,
    rounds: (HOUR_MINUTES + EVERY_MINUTES) / EVERY_MINUTES,
    requests: sim.requests().filter((r) => r.kind === "http" && r.url.startsWith("/")).length,
  };
}

function figuresOf(result: HourResult, folders: number): BenchFigure[] {
  const minutes = (ms: number) => Math.round((ms / MINUTE) * 10) / 10;
  const p50 = minutes(percentile(result.delays, 50));
  const p95 = minutes(percentile(result.delays, 95));
  const budget = 1.1 * folders * result.rounds;
  const stored = `${result.delays.length} of ${result.delays.length + result.missing} emails stored`;
  return [
    {
      name: "continuous sync: arrival → stored, p50",
      value: p50,
      unit: "min",
      target: `≤ ${TARGET_MINUTES} min`,
      ok: p50 <= TARGET_MINUTES && result.missing === 0,
      note: `${stored}; simulated time, a round every ${EVERY_MINUTES} min`,
    },
    {
      name: "continuous sync: arrival → stored, p95",
      value: p95,
      unit: "min",
      target: `≤ ${TARGET_MINUTES} min`,
      ok: p95 <= TARGET_MINUTES && result.missing === 0,
    },
    {
      name: "continuous sync: Graph requests in the hour",
      value: result.requests,
      unit: "requests",
      target: `≤ ${Math.floor(budget)} (1.1 × ${folders} folders × ${result.rounds} rounds)`,
      ok: result.requests <= budget,
      note: `${result.requests - folders * result.rounds} beyond one delta replay per folder per round (the delta brings new mail's bodies)`,
    },
  ];
}

export async function runContinuousSyncBench(
  log: (line: string) => void = () => undefined,
): Promise<BenchFigure[]> {
  const backend = await startBackend();
  const sim = await startGraphSimulator({ latencyMs: 5 });
  const clock = fakeClock(Date.now());
  try {
    sim.addMailbox(OWNER);
    const graph = createGraphClient({
      baseUrl: sim.graphUrl,
      tokens: createSimulatorTokenProvider({ graphUrl: sim.graphUrl, mailbox: OWNER.address }),
    });
    const engine = await createEngine({
      storeName: `bench-continuous-${Date.now()}`,
      serverUrl: backend.url,
      apiToken: backend.token,
      viewer: { addresses: [OWNER.address] },
      graph,
      startOutbox: false,
      now: clock.now,
      continuousSync: true,
      scheduleTimer: clock.timer,
      syncEveryMinutes: EVERY_MINUTES,
    });
    const folders = ["inbox", "sentitems"];
    for (const f of folders) await engine.folders!.run(f); // the first Sync folder: these keep syncing
    const cpu = process.cpuUsage();
    const result = await simulateHour(sim, engine, clock);
    const used = process.cpuUsage(cpu);
    await engine.close();
    log(
      `one simulated hour: ${result.delays.length} arrivals stored over ${result.rounds} rounds, ${result.requests} Graph requests, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU`,
    );
    return figuresOf(result, folders.length);
  } finally {
    await sim.stop();
    await backend.stop();
  }
}

if (process.argv[1] && /continuous-sync-bench\.[cm]?[jt]s$/.test(process.argv[1])) {
  runContinuousSyncBench((line) => console.log(line))
    .then((figures) => {
      console.log(formatFigures(figures));
      process.exit(figures.every((f) => f.ok) ? 0 : 1);
    })
    .catch((error: unknown) => {
      console.error(
        `continuous-sync bench failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(1);
    });
}
