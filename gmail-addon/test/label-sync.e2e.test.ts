// Label sync over a 1,500-message label: several time-sliced invocations (each within Apps Script's 30 s card
// limit on the simulator's clock), resumed from the cursor in UserProperties, and exactly the customer emails
// in the lookback window stored — checked against the generator's ground truth through the backend's API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AsyncApi } from "../../shared";
import { isCustomerKind, SIM_USER } from "../simulator/mailbox-generator";
import { backendApi, storedMessageIds } from "./backend-api";
import { startHarness, type Harness } from "./harness";

const LOOKBACK_DAYS = 90;
let h: Harness;
let api: AsyncApi;

beforeAll(async () => {
  h = await startHarness({
    fixtures: false,
    generate: {
      threads: 1100,
      seed: 2026,
      labels: ["Customers"],
      idPrefix: "labels",
      avoidBoundaryDays: LOOKBACK_DAYS,
      spreadDays: 120,
    },
  });
  api = backendApi(h.backend);
  h.connect();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("label sync", () => {
  it("syncs exactly the customer emails of a 1,500-message label over several slices", async () => {
    expect(h.generated.truth.size).toBeGreaterThanOrEqual(1500);
    const before = await storedMessageIds(api);
    const sidebar = h.sidebar();
    sidebar.openHomepage();
    sidebar.click("Save sync settings", {
      labels: ["Customers"],
      lookbackDays: [String(LOOKBACK_DAYS)],
      background: [],
    });
    expect(sidebar.notice).toMatch(/Saved: 1 label, 90 days/);

    const cutoff = Date.now() - LOOKBACK_DAYS * 86_400_000;
    sidebar.click("Sync labels now");
    let slices = 1;
    while (sidebar.buttons().includes("Continue sync")) {
      // Each slice stayed inside a card callback's 30 s on the script clock (network included).
      expect(sidebar.last!.realMs + sidebar.last!.modelledMs).toBeLessThan(30_000);
      expect(sidebar.notice).toMatch(/Synced for 25 seconds/);
      sidebar.click("Continue sync");
      slices++;
      expect(slices).toBeLessThan(40);
    }
    expect(slices).toBeGreaterThanOrEqual(3);
    expect(sidebar.notice).toMatch(/Label sync finished/);
    expect(sidebar.text).toMatch(/Last run, today/);

    const expected = new Set(
      [...h.generated.truth].filter(([, t]) => isCustomerKind(t.kind) && t.date >= cutoff).map(([id]) => id),
    );
    const stored = await storedMessageIds(api);
    const ours = [...stored.keys()].filter((id) => id.includes("@sim.touchbase.test") && !before.has(id));
    expect(new Set(ours)).toEqual(expected);
    for (const id of ours) expect(stored.get(id)).toBe(1);

    // The summary counts what happened: every scanned message is a customer email or was kept in Gmail.
    const summary = sidebar.text.match(
      /(\d+) emails checked, (\d+) customer emails \((\d+) new, (\d+) already there/,
    );
    expect(summary).not.toBeNull();
    const [, scanned, customer, fresh] = summary!.map(Number);
    expect(customer).toBe(expected.size);
    expect(fresh).toBe(expected.size);
    const inWindow = [...h.generated.truth.values()].filter((t) => t.date >= cutoff).length;
    expect(scanned).toBe(inWindow);
  }, 240_000);

  it("is safe to run again: nothing is stored twice", async () => {
    const before = await storedMessageIds(api);
    const sidebar = h.sidebar();
    sidebar.openHomepage();
    sidebar.click("Sync labels now");
    while (sidebar.buttons().includes("Continue sync")) sidebar.click("Continue sync");
    expect(sidebar.text).toMatch(/\(0 new, \d+ already there/);
    const after = await storedMessageIds(api);
    expect(after).toEqual(before);
  }, 240_000);

  it("continues in the background from the hourly trigger once it is turned on", async () => {
    const sidebar = h.sidebar();
    sidebar.openHomepage();
    sidebar.click("Save sync settings", {
      labels: ["Customers"],
      lookbackDays: [String(LOOKBACK_DAYS)],
      background: ["on"],
    });
    expect(h.sandbox.triggers.map((t) => [t.handler, t.everyHours])).toEqual([["onBackgroundSync", 1]]);
    sidebar.click("Sync labels now");
    expect(sidebar.buttons()).toContain("Continue sync");
    const runs = h.sandbox.fireTimeTriggers();
    expect(runs.map((r) => r.error)).toEqual([undefined]);
    sidebar.openHomepage();
    expect(sidebar.buttons()).not.toContain("Continue sync");
    expect(sidebar.text).toMatch(/Last run, today/);

    sidebar.click("Save sync settings", { background: [] });
    expect(h.sandbox.triggers).toEqual([]);
  }, 240_000);

  it("keeps hourly runs within background sync's daily runtime budget", () => {
    const sidebar = h.sidebar();
    sidebar.openHomepage();
    sidebar.click("Save sync settings", {
      labels: ["Customers"],
      lookbackDays: [String(LOOKBACK_DAYS)],
      background: ["on"],
    });
    sidebar.click("Sync labels now");
    expect(sidebar.buttons()).toContain("Continue sync");
    const day = new Date(h.sandbox.clock.now()).toISOString().slice(0, 10);
    const budgetMs = 60 * 60_000;
    const usage = (ms: number) =>
      h.sandbox.userProperties.data.set("tb.bgUsage", JSON.stringify({ day, ms }));
    const used = () => JSON.parse(h.sandbox.userProperties.data.get("tb.bgUsage")!).ms as number;

    // 40 s of today's budget left: the run works about that long, not its usual 5 minutes.
    usage(budgetMs - 40_000);
    const [short] = h.sandbox.fireTimeTriggers();
    expect(short.error).toBeUndefined();
    expect(short.realMs + short.modelledMs).toBeLessThan(40_000);
    expect(short.calls["GmailApp.getMessagesForThreads"]).toBeGreaterThan(0);
    expect(used()).toBeGreaterThan(budgetMs - 40_000);
    expect(used()).toBeLessThanOrEqual(budgetMs);

    // Nothing left: the run reads no mail and ends at once.
    usage(budgetMs);
    const [none] = h.sandbox.fireTimeTriggers();
    expect(none.error).toBeUndefined();
    expect(none.calls["GmailLabel.getThreads"] ?? 0).toBe(0);
    expect(h.sandbox.logs.map((l) => l.text)).toContain(
      "Touchbase background sync: today's runtime budget is used up; continuing tomorrow.",
    );

    // A new day: the run finishes the sync.
    h.sandbox.userProperties.data.delete("tb.bgUsage");
    const [next] = h.sandbox.fireTimeTriggers();
    expect(next.error).toBeUndefined();
    sidebar.openHomepage();
    expect(sidebar.buttons()).not.toContain("Continue sync");
    sidebar.click("Save sync settings", { background: [] });
  }, 240_000);

  it("catches up hourly on threads with new mail, taking all their messages inside the window", async () => {
    const now = Math.round(h.sandbox.clock.now());
    const old = `<catch-up-old-${now}@sim.touchbase.test>`;
    const fresh = `<catch-up-new-${now}@sim.touchbase.test>`;
    const base = {
      to: `${SIM_USER.name} <${SIM_USER.email}>`,
      cc: "",
      bcc: "",
      html: "",
      isDraft: false,
      attachments: [],
    };
    const from = "Road Runner <road.runner@acme.com>";
    // A thread whose first message is two months old, which the finished run never saw, gets a reply now.
    const thread = h.mailbox.addThread(
      [
        {
          ...base,
          from,
          subject: "Old question",
          date: now - 60 * 86_400_000,
          headers: [["Message-ID", old]],
          text: "?",
        },
      ],
      ["Customers"],
    );
    h.mailbox.reply(thread.id, {
      ...base,
      from,
      subject: "Re: Old question",
      date: now,
      headers: [["Message-ID", fresh]],
      text: "!",
    });
    const sidebar = h.sidebar();
    sidebar.openHomepage();
    expect(sidebar.buttons()).not.toContain("Continue sync");
    sidebar.click("Save sync settings", {
      labels: ["Customers"],
      lookbackDays: [String(LOOKBACK_DAYS)],
      background: ["on"],
    });
    const [run] = h.sandbox.fireTimeTriggers();
    expect(run.error).toBeUndefined();
    const stored = await storedMessageIds(api);
    expect(stored.get(old)).toBe(1);
    expect(stored.get(fresh)).toBe(1);
    // A catch-up, not a full pass: it looked only at threads with mail since the last run began (less a day).
    const last = JSON.parse(h.sandbox.userProperties.data.get("tb.lastRun")!) as {
      counts: { scanned: number };
    };
    expect(last.counts.scanned).toBeLessThan(200);
    sidebar.click("Save sync settings", { background: [] });
  }, 240_000);

  it("skips nothing when threads it has not reached get replies, or threads it passed leave the label", async () => {
    const now = Math.round(h.sandbox.clock.now());
    const day = 86_400_000;
    const contact = "Wile Coyote <wile.coyote@acme.com>";
    const me = `${SIM_USER.name} <${SIM_USER.email}>`;
    let serial = 0;
    const message = (date: number, from: string, to: string) => {
      const id = `<cursor-${now}-${serial++}@sim.touchbase.test>`;
      return {
        id,
        m: {
          from,
          to,
          cc: "",
          bcc: "",
          subject: `Cursor check ${serial}`,
          date,
          headers: [["Message-ID", id]] as [string, string][],
          text: "About the cursor.",
          html: "",
          isDraft: false,
          attachments: [],
        },
      };
    };
    const addThread = (date: number) => {
      const first = message(date, contact, me);
      const second = message(date + 3_600_000, me, contact);
      const thread = h.mailbox.addThread([first.m, second.m], ["Customers"]);
      return { threadId: thread.id, ids: [first.id, second.id] };
    };
    // Deep in the list (old), so the first slice cannot reach them.
    const deep = Array.from({ length: 5 }, (_, i) => addThread(now - (80 - i) * day));

    const sidebar = h.sidebar();
    sidebar.openHomepage();
    sidebar.click("Save sync settings", {
      labels: ["Customers"],
      lookbackDays: [String(LOOKBACK_DAYS)],
      background: [],
    });
    sidebar.click("Sync labels now");
    expect(sidebar.buttons()).toContain("Continue sync");
    const cursor = JSON.parse(h.sandbox.userProperties.data.get("tb.syncCursor")!) as {
      before: string;
      top: string;
    };
    const walkedTo = Date.parse(cursor.before);
    const top = Date.parse(cursor.top);
    for (const t of deep)
      expect(h.mailbox.lastDate(h.mailbox.threads.get(t.threadId)!)).toBeLessThan(walkedTo);
    // Fresh threads just below where the walk stopped: the first it will meet when it resumes.
    const next = Array.from({ length: 30 }, (_, i) => addThread(walkedTo - 2 * 3_600_000 - i * 60_000));

    // The deep threads get a reply now: they jump to the top of the label, above where the walk started.
    const replies = deep.map((t) => {
      const reply = message(Math.round(h.sandbox.clock.now()), contact, me);
      h.mailbox.reply(t.threadId, reply.m);
      return reply.id;
    });
    // Fifty threads the walk already passed leave the label: everything below, the fresh threads included, moves
    // up fifty places — past the position where the walk would resume if it trusted a list offset.
    const passed = h.mailbox
      .threadsWithLabel("Customers")
      .filter((t) => h.mailbox.lastDate(t) > walkedTo && h.mailbox.lastDate(t) <= top)
      .slice(0, 50);
    expect(passed).toHaveLength(50);
    for (const t of passed) h.mailbox.unlabel(t.id, "Customers");

    while (sidebar.buttons().includes("Continue sync")) sidebar.click("Continue sync");
    expect(sidebar.notice).toMatch(/Label sync finished/);
    const stored = await storedMessageIds(api);
    for (const id of [...deep.flatMap((t) => t.ids), ...replies, ...next.flatMap((t) => t.ids)]) {
      expect(stored.get(id), id).toBe(1);
    }
  }, 240_000);

  it("keeps the cursor and the last run's summary under the 9 KB property limit with many labels", () => {
    const sidebar = h.sidebar();
    sidebar.openHomepage();
    // Long label names, none of which exists in Gmail: more than the settings accept, then as many as they do.
    const labels = Array.from({ length: 200 }, (_, i) => `Project ${i} ${"x".repeat(60)}`);
    sidebar.click("Save sync settings", { labels, lookbackDays: ["30"], background: [] });
    expect(sidebar.notice).toMatch(/Too many labels/);
    sidebar.click("Save sync settings", {
      labels: labels.slice(0, 75),
      lookbackDays: ["30"],
      background: [],
    });
    expect(sidebar.notice).toMatch(/Saved: 75 labels/);
    sidebar.click("Sync labels now");
    while (sidebar.buttons().includes("Continue sync")) sidebar.click("Continue sync");
    expect(sidebar.notice).toMatch(/Label sync finished/);
    for (const key of ["tb.syncCursor", "tb.lastRun", "tb.labels"]) {
      expect(Buffer.byteLength(h.sandbox.userProperties.data.get(key) ?? "")).toBeLessThan(9 * 1024);
    }
    expect(sidebar.text).toMatch(/Labels not found: Project 0 x+, .* and \d+ more/);
    sidebar.click("Save sync settings", { labels: ["Customers"], lookbackDays: [String(LOOKBACK_DAYS)] });
  });

  it("refuses to run twice at once", () => {
    const sidebar = h.sidebar();
    sidebar.openHomepage();
    h.sandbox.userLock.heldElsewhere = true;
    try {
      sidebar.click(/Sync labels now|Continue sync/);
      expect(sidebar.notice).toMatch(/already running/);
    } finally {
      h.sandbox.userLock.heldElsewhere = false;
    }
  });

  it("touched no global that Apps Script V8 lacks", () => {
    expect([...h.sandbox.touchedMissingGlobals]).toEqual([]);
  });
});
