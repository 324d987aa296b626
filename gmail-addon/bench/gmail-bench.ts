// `npm run bench:gmail`: the built add-on in the Apps Script simulator against the real backend (demo data), every
// execution in fresh globals as in Apps Script. Figures are on the script clock — the JavaScript's real time plus
// the modelled latency of each Google service call (simulator/latency-model.ts), network excluded — beside the
// JavaScript-only time. Each figure is printed beside its target; targets are judged on the script clock.
import { startHarness } from "../test/harness";
import type { Invocation } from "../simulator/apps-script-sandbox";
import { BODY_FETCH, HEADER_FETCH } from "../simulator/gmail-service";

const MESSAGES = 40;
const REPEATS = 3;
/** Service time of the reads label sync makes per customer candidate (header block, body, attachments). */
const PER_CANDIDATE_READS = [
  "GmailMessage.getHeader",
  "GmailMessage.getPlainBody",
  "GmailMessage.getBody",
  "GmailMessage.getAttachments",
  "GmailMessage.getRawContent",
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const rows: { figure: string; value: string; target: string; ok: boolean }[] = [];
function row(figure: string, value: string, target: string, ok = true): void {
  rows.push({ figure, value, target, ok });
}
const ms = (v: number) => `${v.toFixed(1)} ms`;
const sum = (runs: Invocation[], f: (r: Invocation) => number) => runs.reduce((s, r) => s + f(r), 0);

function cardRows(name: string, runs: Invocation[]): void {
  const fetches = runs.map((r) => r.calls["UrlFetchApp.fetch"] ?? 0);
  const target = name === "warm" ? "≤ 1" : "0";
  row(
    `UrlFetch per card, ${name} (max)`,
    String(Math.max(...fetches)),
    target,
    Math.max(...fetches) <= (name === "warm" ? 1 : 0),
  );
  for (const p of [50, 95]) {
    const script = percentile(
      runs.map((r) => r.scriptMs),
      p,
    );
    row(`card, ${name}: script clock excl. network p${p}`, ms(script), "≤ 200 ms", script <= 200);
    row(
      `card, ${name}: JS only p${p} (info)`,
      ms(
        percentile(
          runs.map((r) => r.jsMs),
          p,
        ),
      ),
      "—",
    );
  }
}

function printCalls(title: string, run: Invocation): void {
  console.log(`\n${title}`);
  let builders = 0;
  for (const [kind, n] of Object.entries(run.calls)) {
    if (kind.startsWith("CardService.")) builders += n;
    else
      console.log(
        `  ${kind.padEnd(40)} ${String(n).padStart(5)}  ${ms(run.modelledByKind[kind] ?? 0).padStart(9)}`,
      );
  }
  console.log(`  ${"CardService.* (builders, local)".padEnd(40)} ${String(builders).padStart(5)}`);
  console.log(
    `  JS ${ms(run.jsMs)} + modelled services ${ms(run.modelledMs)} = script clock ${ms(run.scriptMs)} (network ${ms(run.networkMs)} excluded)`,
  );
}

async function main(): Promise<void> {
  const h = await startHarness({
    fixtures: false,
    generate: { threads: 1100, seed: 99, labels: ["Customers"], idPrefix: "bench", avoidBoundaryDays: 90 },
  });
  try {
    const sidebar = h.connect();
    const truth = [...h.generated.truth.values()];
    const ids = [
      ...truth.filter((t) => t.kind.startsWith("customer")).slice(0, MESSAGES / 2),
      ...truth.filter((t) => !t.kind.startsWith("customer")).slice(0, MESSAGES / 2),
    ].map((t) => t.gmailId);

    sidebar.openMessage(truth[truth.length - 1].gmailId); // warms Node's JIT, not measured
    // Each card is measured REPEATS times and its median run kept, so a moment of load on a shared machine does
    // not decide a percentile. A warm run starts without a cached answer; a cache hit right after one.
    const median = (runs: Invocation[]) =>
      [...runs].sort((a, b) => a.scriptMs - b.scriptMs)[runs.length >> 1];
    const warm: Invocation[] = [];
    const cached: Invocation[] = [];
    for (const id of ids) {
      const warmRuns: Invocation[] = [];
      const hitRuns: Invocation[] = [];
      for (let i = 0; i < REPEATS; i++) {
        h.sandbox.userCache.entries.clear();
        warmRuns.push(sidebar.openMessage(id));
        hitRuns.push(sidebar.openMessage(id));
      }
      warm.push(median(warmRuns));
      cached.push(median(hitRuns));
    }
    cardRows("warm", warm);
    cardRows("cache hit", cached);
    row(
      "network wait per warm card p50 (info, excluded above)",
      ms(
        percentile(
          warm.map((r) => r.networkMs),
          50,
        ),
      ),
      "—",
    );

    sidebar.openHomepage();
    sidebar.click("Save sync settings", { labels: ["Customers"], lookbackDays: ["90"], background: [] });
    const slices: Invocation[] = [sidebar.click("Sync labels now")];
    while (sidebar.buttons().includes("Continue sync")) slices.push(sidebar.click("Continue sync"));
    const match = /(\d+) emails checked, (\d+) customer emails \((\d+) new/.exec(sidebar.notice);
    if (!match) throw new Error(`label sync did not finish: ${sidebar.notice}`);
    const [scanned, customer, stored] = [match[1], match[2], match[3]].map(Number);
    const scriptS = sum(slices, (r) => r.scriptMs) / 1000;
    const candidateReadsS =
      sum(slices, (r) => PER_CANDIDATE_READS.reduce((s, k) => s + (r.modelledByKind[k] ?? 0), 0)) / 1000;
    const jsS = sum(slices, (r) => r.jsMs) / 1000;
    const byAddress = scanned / (scriptS - candidateReadsS);
    row("label sync: messages classified", String(scanned), "—");
    row("label sync: customer emails stored", `${stored} of ${customer}`, "all", stored === customer);
    row("label sync: slices (≤ 25 s of script clock each)", String(slices.length), "—");
    row(
      "label sync: classified by address per second, script clock",
      `${byAddress.toFixed(0)} msg/s`,
      "≥ 200 msg/s",
      byAddress >= 200,
    );
    row(
      "label sync: end to end per second, script clock (info)",
      `${(scanned / scriptS).toFixed(0)} msg/s`,
      "—",
    );
    row("label sync: end to end per second, JS only (info)", `${(scanned / jsS).toFixed(0)} msg/s`, "—");
    const fetched = (kind: string) => sum(slices, (r) => r.calls[kind] ?? 0);
    row(
      "label sync: messages whose headers were read (candidates)",
      `${fetched(HEADER_FETCH)} of ${scanned}`,
      "—",
    );
    row(
      "label sync: messages whose bodies were read (uploaded)",
      `${fetched(BODY_FETCH)} of ${scanned}`,
      "—",
    );

    printCalls(
      "One warm contextual-trigger invocation (a customer email): calls and modelled time by kind",
      warm[0],
    );
    printCalls("One cache-hit invocation of the same email", cached[0]);
    const totals = new Map<string, number>();
    for (const r of slices)
      for (const [k, v] of Object.entries(r.modelledByKind)) totals.set(k, (totals.get(k) ?? 0) + v);
    console.log("\nLabel sync, modelled service time by kind (all slices):");
    for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 10))
      console.log(`  ${k.padEnd(40)} ${(v / 1000).toFixed(2)} s`);
    console.log(
      `  JS ${jsS.toFixed(2)} s, script clock ${scriptS.toFixed(2)} s, of which per-candidate reads ${candidateReadsS.toFixed(2)} s`,
    );
  } finally {
    await h.close();
  }
  const width = Math.max(...rows.map((r) => r.figure.length));
  console.log(`\n${"figure".padEnd(width)}  ${"measured".padStart(14)}  ${"target".padEnd(12)}  result`);
  for (const r of rows) {
    const result = r.target === "—" ? "" : r.ok ? "ok" : "MISSED";
    console.log(`${r.figure.padEnd(width)}  ${r.value.padStart(14)}  ${r.target.padEnd(12)}  ${result}`);
  }
  if (rows.some((r) => !r.ok)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
