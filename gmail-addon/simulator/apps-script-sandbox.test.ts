// The sandbox's own rules, checked with small scripts instead of the add-on: per-message tokens, scopes,
// the execution-time limit, and that only ECMAScript plus the services exist.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppsScriptSandbox, type SandboxOptions } from "./apps-script-sandbox";
import { openedMessage, contextualEvent } from "./event-objects";
import { Mailbox } from "./mailbox";
import { SCOPES } from "./scopes";

const dirs: string[] = [];
const boxes: AppsScriptSandbox[] = [];
afterEach(async () => {
  for (const b of boxes.splice(0)) await b.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function sandbox(
  code: string,
  scopes: string[],
  options: Pick<SandboxOptions, "freshContextPerInvocation" | "dailyLimits"> = {},
): { box: AppsScriptSandbox; mailbox: Mailbox } {
  const dir = mkdtempSync(join(tmpdir(), "tb-sandbox-"));
  dirs.push(dir);
  writeFileSync(join(dir, "Code.js"), code);
  writeFileSync(
    join(dir, "appsscript.json"),
    JSON.stringify({ timeZone: "Etc/UTC", oauthScopes: scopes, addOns: { common: {}, gmail: {} } }),
  );
  const mailbox = new Mailbox();
  mailbox.addThread(
    [
      {
        from: "a@b.com",
        to: "me@x.com",
        cc: "",
        bcc: "",
        subject: "Hi",
        date: Date.UTC(2026, 0, 1),
        headers: [["Message-ID", "<1@b>"]],
        text: "body",
        html: "",
        isDraft: false,
        attachments: [],
      },
    ],
    ["Inbox"],
  );
  const box = new AppsScriptSandbox({
    mailbox,
    userEmail: "me@x.com",
    network: { routes: new Map(), down: new Set() },
    codePath: join(dir, "Code.js"),
    manifestPath: join(dir, "appsscript.json"),
    ...options,
  });
  boxes.push(box);
  return { box, mailbox };
}

const READ = `
function readWithToken(e) { GmailApp.setCurrentMessageAccessToken(e.gmail.accessToken); return readSubject(e); }
function readSubject(e) { return CardService.newCardBuilder().addSection(CardService.newCardSection().addWidget(CardService.newTextParagraph().setText(GmailApp.getMessageById(e.gmail.messageId).getSubject() + " " + GmailApp.getMessageById(e.gmail.messageId).getPlainBody()))).build(); }
function readWrongToken(e) { GmailApp.setCurrentMessageAccessToken("forged"); }
`;

describe("the Apps Script sandbox", () => {
  it("lets a script read the opened message only after setCurrentMessageAccessToken", () => {
    const { box, mailbox } = sandbox(READ, [SCOPES.currentMessageReadonly]);
    const [id] = mailbox.messages.keys();
    const event = contextualEvent(openedMessage(id, mailbox.messages.get(id)!.threadId));
    expect(box.invoke("readSubject", event, "contextual").error).toMatch(/Missing access token/);
    expect(box.invoke("readWrongToken", event, "contextual").error).toMatch(/Invalid argument: accessToken/);
    const ok = box.invoke("readWithToken", event, "contextual");
    expect(ok.error).toBeUndefined();
    expect(JSON.stringify(ok.json)).toContain("Hi body");
  });

  it("needs more than the metadata scope to read a body", () => {
    const { box, mailbox } = sandbox(READ, [SCOPES.currentMessageMetadata]);
    const [id] = mailbox.messages.keys();
    const event = contextualEvent(openedMessage(id, mailbox.messages.get(id)!.threadId));
    expect(box.invoke("readWithToken", event, "contextual").error).toMatch(
      /Access denied: GmailMessage.getPlainBody/,
    );
  });

  it("ends an execution past 30 s of script time, even if the script catches the error and returns", () => {
    const { box } = sandbox(
      `function spin() { try { for (;;) PropertiesService.getUserProperties().getProperty("x"); } catch (e) { return null; } }`,
      [SCOPES.storage],
    );
    const run = box.invoke("spin", {}, "homepage");
    expect(run.error).toBe("Exceeded maximum execution time");
    expect(run.modelledMs).toBeGreaterThan(29_000);
  });

  it("returns an empty user email without userinfo.email and refuses triggers without script.scriptapp", () => {
    const { box } = sandbox(
      `function who() { return CardService.newCardBuilder().addSection(CardService.newCardSection().addWidget(CardService.newTextParagraph().setText("[" + Session.getActiveUser().getEmail() + "]"))).build(); }
       function hourly() { ScriptApp.newTrigger("who").timeBased().everyHours(1).create(); }`,
      [],
    );
    expect(JSON.stringify(box.invoke("who", {}, "homepage").json)).toContain("[]");
    expect(box.invoke("hourly", {}, "time").error).toMatch(/script\.scriptapp/);
  });

  it("has no fetch, URL, TextEncoder, timers or module system, and says which were touched", () => {
    const { box } = sandbox(
      `function probe() { return CardService.newCardBuilder().addSection(CardService.newCardSection().addWidget(CardService.newTextParagraph().setText([typeof fetch, typeof URL, typeof TextDecoder, typeof setTimeout, typeof require, typeof Buffer].join(",")))).build(); }`,
      [],
    );
    expect(JSON.stringify(box.invoke("probe", {}, "homepage").json)).toContain(
      "undefined,undefined,undefined,undefined,undefined,undefined",
    );
    expect([...box.touchedMissingGlobals].sort()).toEqual([
      "Buffer",
      "TextDecoder",
      "URL",
      "fetch",
      "require",
      "setTimeout",
    ]);
  });

  it("starts every execution from fresh globals, keeping only what the services stored", () => {
    const COUNTER = `var runs = 0;
      function count() {
        runs++;
        var stored = Number(PropertiesService.getUserProperties().getProperty("n") || 0) + 1;
        PropertiesService.getUserProperties().setProperty("n", String(stored));
        return CardService.newCardBuilder().addSection(CardService.newCardSection().addWidget(
          CardService.newTextParagraph().setText("globals " + runs + ", stored " + stored))).build();
      }`;
    const text = (box: AppsScriptSandbox) => JSON.stringify(box.invoke("count", {}, "homepage").json);
    const fresh = sandbox(COUNTER, [SCOPES.storage]).box;
    expect(text(fresh)).toContain("globals 1, stored 1");
    expect(text(fresh)).toContain("globals 1, stored 2");
    expect(fresh.contextsCreated).toBe(2);
    const shared = sandbox(COUNTER, [SCOPES.storage], { freshContextPerInvocation: false }).box;
    text(shared);
    expect(text(shared)).toContain("globals 2, stored 2");
    expect(shared.contextsCreated).toBe(1);
  });

  it("adds each service call's modelled latency to the script clock, apart from the script's own CPU time", () => {
    const { box } = sandbox(
      `function twice() { PropertiesService.getUserProperties().getProperty("a"); PropertiesService.getUserProperties().setProperty("a", "1"); }`,
      [SCOPES.storage],
    );
    const run = box.invoke("twice", {}, "time");
    expect(run.error).toBeUndefined();
    expect(run.modelledByKind).toEqual({
      "PropertiesService.getProperty": 30,
      "PropertiesService.setProperty": 60,
    });
    expect(run.modelledMs).toBe(90);
    expect(run.scriptMs).toBeCloseTo(run.jsMs + 90, 6);
  });

  it("models a batch load as one call, summaries as local, and headers and bodies as one fetch each per message", () => {
    const { box, mailbox } = sandbox(
      `function load() {
        var threads = GmailApp.getUserLabelByName("Inbox").getThreads(0, 10);
        var messages = GmailApp.getMessagesForThreads(threads)[0];
        var m = messages[0];
        m.getFrom(); m.getTo(); m.getSubject(); m.getDate();
        m.getHeader("Message-ID"); m.getHeader("List-Id"); m.getHeader("Precedence");
        m.getPlainBody(); m.getBody();
      }`,
      [SCOPES.gmailReadonly],
    );
    mailbox.addThread([{ ...mailbox.messages.values().next().value!, subject: "second" }], ["Inbox"]);
    const run = box.invoke("load", {}, "time");
    expect(run.error).toBeUndefined();
    expect(run.calls["GmailApp.getMessagesForThreads"]).toBe(1);
    expect(run.modelledByKind["GmailLabel.getThreads"]).toBe(30 + 2); // two threads listed
    expect(run.modelledByKind["GmailApp.getMessagesForThreads"]).toBe(30 + 2); // two messages loaded
    expect(run.modelledByKind["GmailMessage.getFrom"]).toBeLessThan(0.1);
    expect(run.modelledByKind["GmailMessage.getHeader"]).toBeCloseTo(30.04, 6); // one fetch, then local
    expect(run.modelledByKind["GmailMessage.getPlainBody"]).toBe(40);
    expect(run.modelledByKind["GmailMessage.getBody"]).toBeLessThan(0.1);
  });

  it("counts Gmail reads against the daily quota and refuses them past it until the quota renews", () => {
    const { box } = sandbox(
      `function look() { GmailApp.getUserLabelByName("Inbox"); }`,
      [SCOPES.gmailReadonly],
      {
        dailyLimits: { gmail: 2 },
      },
    );
    expect(box.invoke("look", {}, "time").error).toBeUndefined();
    expect(box.invoke("look", {}, "time").error).toBeUndefined();
    expect(box.invoke("look", {}, "time").error).toBe(
      "Exception: Service invoked too many times for one day: gmail.",
    );
    box.quotas.newDay();
    expect(box.invoke("look", {}, "time").error).toBeUndefined();
  });

  it("stops time-driven executions when the day's total trigger runtime is spent, and then does not start them", () => {
    const { box } = sandbox(
      `function hourly() { for (;;) PropertiesService.getUserProperties().getProperty("x"); }
       function card() { for (;;) PropertiesService.getUserProperties().getProperty("x"); }`,
      [SCOPES.storage],
      { dailyLimits: { triggerRuntimeMs: 10_000 } },
    );
    const first = box.invoke("hourly", {}, "time");
    expect(first.error).toBe("Service using too much computer time for one day");
    expect(first.modelledMs).toBeGreaterThan(9_000);
    expect(first.modelledMs).toBeLessThan(11_000);
    const second = box.invoke("hourly", {}, "time");
    expect(second.error).toBe("Service using too much computer time for one day");
    expect(second.modelledMs).toBe(0);
    // Card callbacks do not count against it; they stop at their own 30 s.
    expect(box.invoke("card", {}, "homepage").error).toBe("Exceeded maximum execution time");
  });

  it("refuses PropertiesService without the script.storage scope", () => {
    const { box } = sandbox(`function read() { PropertiesService.getUserProperties(); }`, []);
    expect(box.invoke("read", {}, "time").error).toMatch(
      /PropertiesService.getUserProperties.*script\.storage/,
    );
  });

  it("calls functions by name and reports a missing one as Apps Script does", () => {
    const { box } = sandbox(`var notAFunction = 1;`, []);
    expect(box.invoke("notAFunction", {}, "homepage").error).toMatch(
      /Script function not found: notAFunction/,
    );
  });
});
