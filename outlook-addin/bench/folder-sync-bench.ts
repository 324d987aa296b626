// Folder-sync benchmark: the real engine (fake-indexeddb in Node) against the Graph simulator and the real
// backend. 10,000 messages in one folder, 20% from customers. The simulator's latency is the service time of each
// request and of each `$batch` member; Graph runs a batch's members four at a time against the mailbox's limit of
// 4 concurrent requests, so a batch of 20 takes the exchange plus five waves (6 × 50 ms), and the client sends it
// only when nothing else is running.
//   Graph requests vs the minimum (list pages + body batches): within 10%
//   wall time of the first sync: ≤ 60 s
//   re-sync with nothing new: 1 Graph request per folder
//   the mailbox's concurrency: never more than 4 requests at once, no 429 MailboxConcurrency
// Run alone: `npx tsx outlook-addin/bench/folder-sync-bench.ts`; `npm run bench:outlook` calls runFolderSyncBench.
import "fake-indexeddb/auto";
import { createAsyncApi } from "../../shared";
import { DEMO_CUSTOMERS } from "../../dev/demo-workspace";
import { spawnBackend } from "../../dev/spawn-backend";
import { generateMailbox, startGraphSimulator } from "../graph-simulator";
import { createGraphClient, createSimulatorTokenProvider } from "../src/graph";
import { createEngine, fetchTransport } from "../src/sync";

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  target: string;
  ok: boolean;
  note?: string;
}

export interface FolderSyncBenchOptions {
  messages?: number;
  customerRatio?: number;
  latencyMs?: number;
  log?: (line: string) => void;
}

const OWNER = { name: "Alex Admin", address: "admin@touchbase.local" };
const LIST_PAGE = 1000;
const BODY_BATCH = 20;

export async function runFolderSyncBench(options: FolderSyncBenchOptions = {}): Promise<BenchFigure[]> {
  const count = options.messages ?? 10_000;
  const ratio = options.customerRatio ?? 0.2;
  const latencyMs = options.latencyMs ?? 50;
  const log = options.log ?? (() => undefined);

  const backend = await spawnBackend({ timeoutMs: 120_000 });
  const sim = await startGraphSimulator({ latencyMs });
  try {
    const direct = createAsyncApi({ baseUrl: backend.url, token: backend.token }, fetchTransport());
    await direct.updateWorkspace({ internalDomains: ["northwind-cs.com", "touchbase.local"] });
    for (const c of DEMO_CUSTOMERS) await direct.createCustomer({ name: c.name, domains: c.domains });

    // Contacts at personal addresses (a customer's gmail.com contact) are known only to a workspace that imported
    // them; this one has domains only, so the mailbox's customer mail comes from the customers' domains.
    const customersByDomain = DEMO_CUSTOMERS.map((c) => ({
      ...c,
      contacts: c.contacts.filter((p) => c.domains.some((d) => p.address.endsWith(`@${d}`))),
    }));
    const mailbox = sim.addMailbox(OWNER);
    const folder = mailbox.addFolder("Customers 2026", mailbox.folder("inbox")!.id);
    generateMailbox(mailbox, {
      owner: OWNER,
      count,
      customerRatio: ratio,
      customers: customersByDomain,
      internalDomain: "northwind-cs.com",
      daysBack: 85,
      seed: 2026,
      folderId: folder.id,
    });
    const customers = mailbox.messagesIn(folder.id).filter((m) => m.kind === "customer").length;
    log(
      `mailbox: ${count.toLocaleString("en-US")} messages, ${customers.toLocaleString("en-US")} from customers, ${latencyMs} ms Graph latency`,
    );

    const graph = createGraphClient({
      baseUrl: sim.graphUrl,
      tokens: createSimulatorTokenProvider({ graphUrl: sim.graphUrl, mailbox: OWNER.address }),
    });
    const engine = await createEngine({
      storeName: `bench-${Date.now()}`,
      serverUrl: backend.url,
      apiToken: backend.token,
      viewer: { addresses: [OWNER.address] },
      graph,
      startOutbox: false,
    });
    await engine.index.refresh({ force: true });

    sim.clearLog();
    const started = performance.now();
    const first = await engine.folders!.run(folder.id, { lookbackDays: 90 });
    const peak = sim.peakConcurrency(OWNER.address);
    const throttled = sim.requests().filter((r) => r.status === 429);
    const seconds = (performance.now() - started) / 1000;
    const minimum = Math.ceil(count / LIST_PAGE) + Math.ceil(customers / BODY_BATCH);
    log(
      `first sync: ${first.scanned} scanned, ${first.customer} customer, ${first.uploaded} uploaded in ${seconds.toFixed(1)} s`,
    );

    const again = await engine.folders!.run(folder.id);
    await engine.close();

    const overhead = (first.graphRequests - minimum) / minimum;
    return [
      {
        name: "folder sync: Graph requests (first sync)",
        value: first.graphRequests,
        unit: "requests",
        target: `≤ ${Math.floor(minimum * 1.1)} (minimum ${minimum} = ${Math.ceil(count / LIST_PAGE)} list pages + ${Math.ceil(customers / BODY_BATCH)} body batches, +10%)`,
        ok: first.graphRequests <= minimum * 1.1,
        note: `${(overhead * 100).toFixed(1)}% over the minimum`,
      },
      {
        name: "folder sync: wall time (first sync, 10,000 messages)",
        value: Number(seconds.toFixed(1)),
        unit: "s",
        target: "≤ 60 s",
        ok: seconds <= 60,
        note: `${first.uploaded} uploaded to the real backend`,
      },
      {
        name: "folder sync: all customer emails uploaded",
        value: first.uploaded,
        unit: "emails",
        target: `= ${customers}`,
        ok: first.uploaded === customers && first.complete,
      },
      {
        name: "folder sync: most mailbox requests at once (batch members included)",
        value: peak,
        unit: "requests",
        target: "≤ 4 (Graph's limit per mailbox)",
        ok: peak <= 4,
      },
      {
        name: "folder sync: 429 answers from Graph",
        value: throttled.length,
        unit: "answers",
        target: "= 0",
        ok: throttled.length === 0,
        note: throttled.length
          ? `${throttled.filter((r) => r.throttled === "MailboxConcurrency").length} MailboxConcurrency`
          : "",
      },
      {
        name: "folder re-sync with no changes: Graph requests per folder",
        value: again.graphRequests,
        unit: "requests",
        target: "= 1",
        ok: again.graphRequests === 1,
      },
    ];
  } finally {
    await sim.stop();
    await backend.stop();
  }
}

export function formatFigures(figures: BenchFigure[]): string {
  const rows = figures.map((f) => [
    f.ok ? "✓" : "✗",
    f.name,
    `${f.value.toLocaleString("en-US")} ${f.unit}`,
    f.target,
    f.note ?? "",
  ]);
  const widths = [1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      `${r[0]} ${r[1].padEnd(widths[0])}  ${r[2].padStart(widths[1])}  target ${r[3].padEnd(widths[2])}  ${r[4]}`.trimEnd(),
    )
    .join("\n");
}

if (process.argv[1] && /folder-sync-bench\.[cm]?[jt]s$/.test(process.argv[1])) {
  runFolderSyncBench({ log: (line) => console.log(line) })
    .then((figures) => {
      console.log(formatFigures(figures));
      process.exitCode = figures.every((f) => f.ok) ? 0 : 1;
    })
    .catch((error: unknown) => {
      console.error(`folder-sync bench failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
}
