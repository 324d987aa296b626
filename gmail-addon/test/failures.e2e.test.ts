// What a user sees when things go wrong: an unreachable server, a refused Google sign-in, a spent UrlFetch quota, bad
// settings — a card or notification with a sentence and a way on, never a stack trace, and recovery after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppsScriptSandbox } from "../simulator/apps-script-sandbox";
import { Sidebar } from "../simulator/sidebar";
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

describe("before signing in", () => {
  it("shows the sign-in settings, with no token field, and checks the server URL", () => {
    const sidebar = h.sidebar();
    sidebar.openMessage(customerMessages()[0].gmailId);
    expect(sidebar.text).toMatch(/Not connected/);
    expect(sidebar.text).toMatch(/Sign in to Touchbase with your Google account/);
    expect(sidebar.text).not.toMatch(/API token/);
    // The only text field before signing in is the server URL (which a build can bake in): no token field.
    sidebar.openHomepage();
    expect(textInputNames(sidebar.card)).toEqual(["serverUrl"]);
    sidebar.click("Sign in", { serverUrl: [h.publicUrl.replace(/^https:/, "http:")] });
    expect(sidebar.notice).toMatch(/must start with https/);
    sidebar.click("Sign in", { serverUrl: ["https://evil.example.net/"] });
    expect(sidebar.notice).toContain(`can only reach ${h.publicUrl}`);
    expect(h.sandbox.userProperties.data.get("tb.signedInAs")).toBeUndefined();
  });

  it("says in the server's sentence why a Google account that is not a member cannot sign in", async () => {
    const stranger = new AppsScriptSandbox({
      mailbox: h.mailbox,
      userEmail: "stranger@elsewhere.example",
      network: h.network,
      identity: h.identity,
    });
    try {
      const sidebar = new Sidebar(stranger);
      sidebar.openHomepage();
      sidebar.click("Sign in", { serverUrl: [h.publicUrl] });
      expect(sidebar.text).toMatch(/Touchbase did not let you in/);
      expect(sidebar.text).toMatch(/stranger@elsewhere\.example is not a member of a Touchbase workspace/);
      expect(sidebar.text).not.toMatch(STACK_TRACE);
      expect(stranger.userProperties.data.get("tb.signedInAs")).toBeUndefined();
    } finally {
      await stranger.close();
    }
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

describe("the Google token is refused", () => {
  it("shows the server's sentence and offers the settings", async () => {
    // An ID token for another app's OAuth client: what a copied or misconfigured token looks like to the server.
    const other = new AppsScriptSandbox({
      mailbox: h.mailbox,
      userEmail: h.sandbox.options.userEmail,
      network: h.network,
      identity: { ...h.identity, audience: "another-app.apps.googleusercontent.com" },
    });
    try {
      for (const [key, value] of h.sandbox.userProperties.data) other.userProperties.data.set(key, value);
      const sidebar = new Sidebar(other);
      sidebar.openMessage(customerMessages()[3].gmailId);
      expect(sidebar.text).toMatch(/Touchbase did not let you in/);
      expect(sidebar.text).toMatch(/issued for another application/);
      sidebar.click("Settings");
      expect(sidebar.text).toMatch(/Signed in as/);
    } finally {
      await other.close();
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

/** The names of every text input on a card (its JSON as Google renders it). */
function textInputNames(card: unknown): string[] {
  if (Array.isArray(card)) return card.flatMap(textInputNames);
  if (!card || typeof card !== "object") return [];
  const own = (card as { textInput?: { name?: unknown } }).textInput;
  return [
    ...(own && typeof own.name === "string" ? [own.name] : []),
    ...Object.values(card).flatMap(textInputNames),
  ];
}
