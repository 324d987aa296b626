// `npm run bench`: builds a customer index of 100,000 customers (300,000 domains, 200,000 contact addresses) and
// classifies 1,000,000 participants in a realistic mix, next to a bare baseline measured in the same run.
// `npm run bench` bundles this file with esbuild first, as the core ships in the add-ins, and runs it with
// --expose-gc so retained heap is measured after a full collection.
import { gzipSync } from "node:zlib";
import { performance } from "node:perf_hooks";
import { cpus, loadavg } from "node:os";
import {
  buildCustomerIndex,
  DEFAULT_INDEX_SETTINGS,
  type CustomerIndexSnapshot,
  type MailMessage,
} from "../shared/index";
import { seededRandom } from "./seeded-random";

const CUSTOMERS = 100_000;
const DOMAINS_PER_CUSTOMER = 3;
const CONTACTS = 200_000;
const PARTICIPANTS = 1_000_000;
const PER_MESSAGE = 4;

const TLDS = ["com", "io", "co.uk", "de", "fr", "com.au", "net", "org"];
const PERSONAL = [
  "gmail.com",
  "outlook.com",
  "hotmail.co.uk",
  "yahoo.com",
  "icloud.com",
  "gmx.de",
  "web.de",
  "qq.com",
];
const FIRST = [
  "anna",
  "ben",
  "chloe",
  "david",
  "emma",
  "felix",
  "grace",
  "hugo",
  "ines",
  "jack",
  "kate",
  "liam",
];
const LAST = ["smith", "jones", "muller", "martin", "rossi", "garcia", "kim", "chen", "novak", "silva"];

const random = seededRandom(42);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const domainOf = (c: number, d: number) => `customer${c}-${d}.${TLDS[(c + d) % TLDS.length]}`;
const person = () => `${pick(FIRST)}.${pick(LAST)}${Math.floor(random() * 100)}`;

function buildSnapshot(): CustomerIndexSnapshot {
  const customers = Array.from({ length: CUSTOMERS }, (_, c) => ({
    id: `c${c}`,
    name: `Customer ${c}`,
    domains: Array.from({ length: DOMAINS_PER_CUSTOMER }, (_, d) => domainOf(c, d)),
  }));
  const contacts = Array.from({ length: CONTACTS }, (_, k) => {
    const c = k % CUSTOMERS;
    // Half the contacts sit on the customer's domain, half on personal domains (the ones domain matching misses).
    const domain = k % 2 === 0 ? domainOf(c, 0) : PERSONAL[k % PERSONAL.length];
    return { id: `k${k}`, customerId: `c${c}`, address: `contact${k}@${domain}` };
  });
  return {
    version: "1",
    internalDomains: ["northwind-cs.com"],
    customers,
    contacts,
    exclusions: [{ kind: "domain", value: "lawfirm.com", scope: "workspace" }],
    settings: DEFAULT_INDEX_SETTINGS,
  };
}

/** A realistic mix: customer domains, subdomains, contacts on personal domains, personal domains, strangers. */
function participant(): string {
  const r = random();
  const c = Math.floor(random() * CUSTOMERS);
  if (r < 0.35) return `${person()}@${domainOf(c, Math.floor(random() * DOMAINS_PER_CUSTOMER))}`;
  if (r < 0.45) return `${person()}@mail.${domainOf(c, 1)}`;
  if (r < 0.55) {
    const k = Math.floor(random() * CONTACTS) | 1;
    return `contact${k}@${PERSONAL[k % PERSONAL.length]}`;
  }
  if (r < 0.75) return `${person()}@${pick(PERSONAL)}`;
  if (r < 0.85) return `${person()}@northwind-cs.com`;
  return `${person()}@stranger${Math.floor(random() * 50_000)}.${pick(TLDS)}`;
}

/** JS heap plus ArrayBuffers (typed arrays live outside the JS heap and would escape `heapUsed`). */
function heapMb(): { total: number; buffers: number } {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { total: (heapUsed + arrayBuffers) / 1024 / 1024, buffers: arrayBuffers / 1024 / 1024 };
}

function main(): void {
  if (!(globalThis as { gc?: () => void }).gc)
    console.warn("(run with --expose-gc for an exact heap figure)");
  const snapshot = buildSnapshot();
  const gzipKb = gzipSync(JSON.stringify(snapshot)).length / 1024;

  const generated: MailMessage[] = [];
  const rawParticipants: string[] = [];
  for (let i = 0; i < PARTICIPANTS / PER_MESSAGE; i++) {
    const list = Array.from({ length: PER_MESSAGE }, participant);
    rawParticipants.push(...list);
    generated.push({ from: `Sender Name <${list[0]}>`, to: list.slice(1, 3).join(", "), cc: list[3] });
  }
  // Headers reach the classifier as flat strings everywhere it runs: parsed from JSON (the backend, Graph), copied
  // by structured clone (Office.js) or handed over by Apps Script. The generator's template strings are V8 rope
  // strings instead, whose one-time flattening would be charged to the classifier, so they take the wire's path.
  const messages: MailMessage[] = JSON.parse(JSON.stringify(generated)) as MailMessage[];
  generated.length = 0;
  const viewer = { addresses: ["me@northwind-cs.com"] };

  // Warm up the JIT on a separate small index so the timed build is a cold build of the real one.
  buildCustomerIndex({
    ...snapshot,
    customers: snapshot.customers.slice(0, 1000),
    contacts: snapshot.contacts.slice(0, 1000),
  });
  const heapBefore = heapMb();
  const t0 = performance.now();
  const index = buildCustomerIndex(snapshot);
  const buildMs = performance.now() - t0;
  const heapAfter = heapMb();
  const retainedMb = heapAfter.total - heapBefore.total;
  const retainedBuffersMb = heapAfter.buffers - heapBefore.buffers;

  for (let i = 0; i < 20_000; i++) index.classify(messages[i], viewer);
  let related = 0;
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  for (const m of messages) if (index.classify(m, viewer).related) related++;
  const cpu = process.cpuUsage(cpu1);
  const wallSeconds = (performance.now() - t1) / 1000;
  // Judged on the process's CPU time: on a shared 2-core machine wall time also measures the neighbours.
  const throughput = PARTICIPANTS / ((cpu.user + cpu.system) / 1e6);
  const wallThroughput = PARTICIPANTS / wallSeconds;
  // Not judged, shown so the first pass is read in context: the second finds every header already flattened by
  // V8 (the first pass pays for turning the concatenated test strings into flat ones) and its caches warm.
  const cpuAgain = process.cpuUsage();
  for (const m of messages) index.classify(m, viewer);
  const cpuSecond = process.cpuUsage(cpuAgain);
  const secondThroughput = PARTICIPANTS / ((cpuSecond.user + cpuSecond.system) / 1e6);

  // Baseline: the least any matcher must do — one Map.get per pre-extracted, pre-lower-cased domain.
  const domainMap = new Map<string, string>();
  for (const c of snapshot.customers) for (const d of c.domains) domainMap.set(d, c.id);
  const domains = rawParticipants.map((p) => p.slice(p.lastIndexOf("@") + 1).toLowerCase());
  let hits = 0;
  for (let i = 0; i < 200_000; i++) if (domainMap.get(domains[i]) !== undefined) hits++;
  const cpu2 = process.cpuUsage();
  for (const d of domains) if (domainMap.get(d) !== undefined) hits++;
  const cpuBaseline = process.cpuUsage(cpu2);
  const baselineThroughput = domains.length / ((cpuBaseline.user + cpuBaseline.system) / 1e6);

  const rows: [string, string, string, string][] = [
    [
      "index build (100k customers, 300k domains, 200k contacts)",
      `${buildMs.toFixed(0)} ms`,
      "≤ 1500 ms",
      buildMs <= 1500 ? "pass" : "FAIL",
    ],
    [
      "classification throughput (classify() on 250k messages, CPU time)",
      `${Math.round(throughput).toLocaleString("en-US")} addresses/s`,
      "≥ 500,000 addresses/s",
      throughput >= 500_000 ? "pass" : "FAIL",
    ],
    [
      "  the same over wall-clock time",
      `${Math.round(wallThroughput).toLocaleString("en-US")} addresses/s`,
      "—",
      "",
    ],
    [
      "  a second pass over the same messages (not judged)",
      `${Math.round(secondThroughput).toLocaleString("en-US")} addresses/s`,
      "—",
      "",
    ],
    [
      "baseline: Map.get over pre-extracted lower-case domains",
      `${Math.round(baselineThroughput).toLocaleString("en-US")} lookups/s`,
      "—",
      "",
    ],
    ["ratio baseline / classify", `${(baselineThroughput / throughput).toFixed(1)}×`, "—", ""],
    [
      "retained heap of the index (JS heap + typed arrays)",
      `${retainedMb.toFixed(0)} MB`,
      "≤ 200 MB",
      retainedMb <= 200 ? "pass" : "FAIL",
    ],
    ["  of which typed arrays", `${retainedBuffersMb.toFixed(0)} MB`, "—", ""],
    [
      "serialized snapshot, gzip",
      `${(gzipKb / 1024).toFixed(2)} MB (${Math.round(gzipKb).toLocaleString("en-US")} KB)`,
      "—",
      "",
    ],
  ];
  console.log(
    `\nTouchbase core benchmark — Node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} ` +
      `(figures shrink on a busy machine; compare the ratio), ${related.toLocaleString("en-US")} of ` +
      `${messages.length.toLocaleString("en-US")} messages related, ${hits} baseline hits\n`,
  );
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...rows.map((r) => r[i].length), ["figure", "measured", "target", ""][i].length),
  );
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i])).join(" | ");
  console.log(line(["figure", "measured", "target", "result"]));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const r of rows) console.log(line(r));
}

main();
