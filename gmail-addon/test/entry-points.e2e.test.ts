// Every function the BUILT manifest names — homepage, contextual trigger, each universal action — and the two the
// add-on registers itself (the card-action router, the hourly trigger), invoked by name as Apps Script would, each
// in fresh globals, with the event object Gmail sends. A function added to the manifest without a test fails here.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manifestFunctionNames, AppsScriptManifestSchema } from "../build/manifest-schema";
import { BUILT_MANIFEST, type EntryKind, type Invocation } from "../simulator/apps-script-sandbox";
import { actionEvent, contextualEvent, homepageEvent, openedMessage } from "../simulator/event-objects";
import { cardText } from "../simulator/sidebar";
import type { Json } from "../simulator/card-service";
import { startHarness, type Harness } from "./harness";

let h: Harness;
const invoked = new Set<string>();

beforeAll(async () => {
  h = await startHarness({ fixtures: false, generate: { threads: 30, seed: 21, idPrefix: "entry" } });
  h.connect();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

function run(name: string, event: unknown, kind: EntryKind): Invocation {
  const before = h.sandbox.contextsCreated;
  const result = h.sandbox.invoke(name, event, kind);
  invoked.add(name);
  expect(result.error).toBeUndefined();
  expect(result.violations).toEqual([]);
  expect(h.sandbox.contextsCreated).toBe(before + 1);
  return result;
}

/** The cards a universal action's renderActions push. */
function pushed(json: Json): Json[] {
  const action = (json as { renderActions: { action: { navigations: { pushCard: Json }[] } } }).renderActions
    .action;
  return action.navigations.map((n) => n.pushCard);
}

const manifest = () => AppsScriptManifestSchema.parse(JSON.parse(readFileSync(BUILT_MANIFEST, "utf8")));
const customerMessage = () => [...h.generated.truth.values()].find((t) => t.kind === "customer-contact")!;

describe("every entry point of the built manifest", () => {
  it("the homepage trigger returns the homepage card", () => {
    const fn = manifest().addOns.common.homepageTrigger!.runFunction;
    const result = run(fn, homepageEvent(), "homepage");
    expect(cardText(result.json)).toMatch(/Customer emails, in one place/);
  });

  it("the contextual trigger returns the opened message's card", () => {
    const [trigger] = manifest().addOns.gmail.contextualTriggers!;
    const m = h.mailbox.messages.get(customerMessage().gmailId)!;
    const result = run(
      trigger.onTriggerFunction,
      contextualEvent(openedMessage(m.id, m.threadId)),
      "contextual",
    );
    expect(cardText(result.json)).toMatch(/Customer email/);
  });

  it.each([
    ["Settings", /Connection[\s\S]*(Sign in|Signed in as)/],
    ["Sync labels", /Sync labels now|Continue sync/],
    ["Help", /Touchbase help/],
  ])("the universal action %s pushes its card, with and without an open message", (label, text) => {
    const action = manifest().addOns.common.universalActions!.find((a) => a.label === label)!;
    expect(action.runFunction).toBeTruthy();
    const m = h.mailbox.messages.get(customerMessage().gmailId)!;
    for (const opened of [null, openedMessage(m.id, m.threadId)]) {
      const result = run(action.runFunction!, actionEvent({}, {}, opened), "universal");
      const cards = pushed(result.json);
      expect(cards).toHaveLength(1);
      expect(cardText(cards[0])).toMatch(text);
    }
  });

  it("the card-action router and the hourly trigger exist and run", () => {
    const home = run("onCardAction", actionEvent({ action: "home" }, {}, null), "action");
    expect(cardText(home.json)).toMatch(/Customer emails, in one place/);
    const hourly = run("onBackgroundSync", { authMode: "FULL", triggerUid: "t1" }, "time");
    expect(hourly.json).toBeNull();
  });

  it("covered every function the manifest names", () => {
    const names = manifestFunctionNames(manifest());
    expect(names.filter((name) => !invoked.has(name))).toEqual([]);
    expect(names).toHaveLength(5);
  });
});
