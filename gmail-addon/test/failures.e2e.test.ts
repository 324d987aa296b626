// What a user sees when things go wrong: an unreachable server, a revoked token, a spent UrlFetch quota, bad
// settings — a card or notification with a sentence and a way on, never a stack trace, and recovery after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";

let h: Harness;
const customerMessages = () => [...h.generated.truth.values()].filter((t) => t.kind === "customer-contact");
const STACK_TRACE = /\bat \w+ \(|Code\.js:\d+|Error:|Exception:/;

beforeAll(async () => {
  h = await startHarness({ fixtures: false, generate: { threads: 60, seed: 11, idPrefix: "failures" } });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("before connecting", () => {
  it("shows the connection settings and checks what is typed", () => {
    const sidebar = h.sidebar();
    sidebar.openMessage(customerMessages()[0].gmailId);
    expect(sidebar.text).toMatch(/Not connected/);
    sidebar.click("Connect", {
      serverUrl: [h.publicUrl.replace(/^https:/, "http:")],
      token: [h.backend.token],
    });
    expect(sidebar.notice).toMatch(/must start with https/);
    sidebar.click("Connect", { serverUrl: ["https://evil.example.net/"], token: [h.backend.token] });
    expect(sidebar.notice).toContain(`can only reach ${h.publicUrl}`);
    sidebar.click("Connect", { serverUrl: [h.publicUrl], token: ["short"] });
    expect(sidebar.notice).toMatch(/Paste the whole API token/);
    expect(h.sandbox.userProperties.data.get("tb.token")).toBeUndefined();
    sidebar.click("Connect", { serverUrl: [h.publicUrl], token: ["tb_not_a_real_token_123"] });
    expect(sidebar.text).toMatch(/Token rejected/);
    expect(sidebar.text).not.toMatch(STACK_TRACE);
    expect(h.sandbox.userProperties.data.get("tb.token")).toBeUndefined();
  });
});

describe("the server goes down", () => {
  it("shows an error card with Retry, then recovers", () => {
    h.connect();
    const sidebar = h.sidebar();
    const id = customerMessages()[1].gmailId;
    h.setDown(true);
    try {
      sidebar.openMessage(id);
      expect(sidebar.text).toMatch(/Can't reach Touchbase/);
      expect(sidebar.text).toMatch(/could not be reached/);
      expect(sidebar.text).not.toMatch(STACK_TRACE);
      expect(sidebar.buttons()).toEqual(expect.arrayContaining(["Retry", "Settings"]));
      sidebar.click("Retry");
      expect(sidebar.text).toMatch(/Can't reach Touchbase/);
    } finally {
      h.setDown(false);
    }
    sidebar.click("Retry");
    expect(sidebar.text).toMatch(/Customer email/);
  });

  it("keeps a card action's failure on an error card whose Retry repeats the action", () => {
    const sidebar = h.sidebar();
    sidebar.openMessage(customerMessages()[2].gmailId);
    h.setDown(true);
    try {
      sidebar.click("Sync this thread");
      expect(sidebar.text).toMatch(/Can't reach Touchbase/);
    } finally {
      h.setDown(false);
    }
    sidebar.click("Retry");
    expect(sidebar.notice).toMatch(/Synced \d+ new email/);
    expect(sidebar.text).toMatch(/Synced to Touchbase by you/);
  });
});

describe("the token is revoked", () => {
  it("says so and offers the settings", () => {
    const saved = h.sandbox.userProperties.data.get("tb.token")!;
    h.sandbox.userProperties.data.set("tb.token", "tb_revoked_0000000000");
    try {
      const sidebar = h.sidebar();
      sidebar.openMessage(customerMessages()[3].gmailId);
      expect(sidebar.text).toMatch(/Token rejected/);
      expect(sidebar.text).toMatch(/Paste a current token in Settings/);
      sidebar.click("Settings");
      expect(sidebar.text).toMatch(/API token/);
    } finally {
      h.sandbox.userProperties.data.set("tb.token", saved);
    }
  });
});

describe("the daily UrlFetch quota is spent", () => {
  it("explains the quota instead of blaming the server, and works again when it renews", () => {
    const sidebar = h.sidebar();
    const id = customerMessages()[4].gmailId;
    h.sandbox.quotas.exhaust("urlfetch");
    sidebar.openMessage(id);
    expect(sidebar.text).toMatch(/Google quota used up/);
    expect(sidebar.text).toMatch(/renews within 24 hours/);
    h.sandbox.quotas.newDay();
    sidebar.click("Retry");
    expect(sidebar.text).toMatch(/Customer email/);
  });
});

describe("Google's daily Gmail read quota is spent", () => {
  it("shows the quota card with Retry on open and in label sync, and works again the next day", () => {
    const sidebar = h.sidebar();
    sidebar.openHomepage();
    sidebar.click("Save sync settings", { labels: ["Customers"], lookbackDays: ["30"], background: [] });
    h.sandbox.quotas.exhaust("gmail");
    try {
      sidebar.openMessage(customerMessages()[5].gmailId);
      expect(sidebar.text).toMatch(/Google quota used up/);
      expect(sidebar.text).toMatch(/reading Gmail.*renews within 24 hours/);
      expect(sidebar.text).not.toMatch(STACK_TRACE);
      expect(sidebar.buttons()).toEqual(expect.arrayContaining(["Retry", "Settings"]));

      sidebar.openHomepage();
      sidebar.click(/Sync labels now|Continue sync/);
      expect(sidebar.text).toMatch(/Google quota used up/);
      expect(sidebar.buttons()).toContain("Retry");
    } finally {
      h.sandbox.quotas.newDay();
    }
    sidebar.click("Retry");
    expect(sidebar.notice).toMatch(/Label sync finished|Synced for 25 seconds/);
    sidebar.openMessage(customerMessages()[5].gmailId);
    expect(sidebar.text).toMatch(/Customer email/);
  });

  it("shows the quota card when the day's properties quota is spent before anything else", () => {
    const sidebar = h.sidebar();
    h.sandbox.quotas.exhaust("properties");
    try {
      sidebar.openMessage(customerMessages()[6].gmailId);
      expect(sidebar.text).toMatch(/Google quota used up/);
      expect(sidebar.text).toMatch(/saving its settings/);
    } finally {
      h.sandbox.quotas.newDay();
    }
  });
});

describe("label sync without labels", () => {
  it("asks for a label instead of failing", () => {
    const sidebar = h.sidebar();
    sidebar.openHomepage();
    sidebar.click("Save sync settings", { labels: [], lookbackDays: ["30"] });
    expect(sidebar.notice).toMatch(/Choose at least one label/);
    sidebar.click("Sync labels now");
    expect(sidebar.notice).toMatch(/Choose at least one label/);
    sidebar.click("Save sync settings", { labels: ["Customers"], lookbackDays: ["0"] });
    expect(sidebar.notice).toMatch(/whole number of days from 1 to 3650/);
  });
});

describe("the bundle in Apps Script", () => {
  it("touched no global that Apps Script V8 lacks, and nothing failed uncaught", () => {
    expect([...h.sandbox.touchedMissingGlobals]).toEqual([]);
  });
});
