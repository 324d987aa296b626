// The sandbox's own rules, checked with small scripts instead of the add-on: per-message tokens, scopes,
// the execution-time limit, and that only ECMAScript plus the services exist.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppsScriptSandbox } from "./apps-script-sandbox";
import { openedMessage, contextualEvent } from "./event-objects";
import { Mailbox } from "./mailbox";
import { SCOPES } from "./script-services";

const dirs: string[] = [];
const boxes: AppsScriptSandbox[] = [];
afterEach(async () => {
  for (const b of boxes.splice(0)) await b.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function sandbox(code: string, scopes: string[]): { box: AppsScriptSandbox; mailbox: Mailbox } {
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
    expect(box.invoke("readSubject", event).error).toMatch(/Missing access token/);
    expect(box.invoke("readWrongToken", event).error).toMatch(/Invalid argument: accessToken/);
    const ok = box.invoke("readWithToken", event);
    expect(ok.error).toBeUndefined();
    expect(JSON.stringify(ok.json)).toContain("Hi body");
  });

  it("needs more than the metadata scope to read a body", () => {
    const { box, mailbox } = sandbox(READ, [SCOPES.currentMessageMetadata]);
    const [id] = mailbox.messages.keys();
    const event = contextualEvent(openedMessage(id, mailbox.messages.get(id)!.threadId));
    expect(box.invoke("readWithToken", event).error).toMatch(/Access denied: GmailMessage.getPlainBody/);
  });

  it("ends an execution past 30 s of script time, even if the script catches the error and returns", () => {
    const { box } = sandbox(
      `function spin() { try { for (;;) PropertiesService.getUserProperties().getProperty("x"); } catch (e) { return null; } }`,
      [SCOPES.storage],
    );
    const run = box.invoke("spin", {});
    expect(run.error).toBe("Exceeded maximum execution time");
    expect(run.modelledMs).toBeGreaterThan(29_000);
  });

  it("returns an empty user email without userinfo.email and refuses triggers without script.scriptapp", () => {
    const { box } = sandbox(
      `function who() { return CardService.newCardBuilder().addSection(CardService.newCardSection().addWidget(CardService.newTextParagraph().setText("[" + Session.getActiveUser().getEmail() + "]"))).build(); }
       function hourly() { ScriptApp.newTrigger("who").timeBased().everyHours(1).create(); }`,
      [],
    );
    expect(JSON.stringify(box.invoke("who", {}).json)).toContain("[]");
    expect(box.invoke("hourly", {}).error).toMatch(/script\.scriptapp/);
  });

  it("has no fetch, URL, TextEncoder, timers or module system, and says which were touched", () => {
    const { box } = sandbox(
      `function probe() { return CardService.newCardBuilder().addSection(CardService.newCardSection().addWidget(CardService.newTextParagraph().setText([typeof fetch, typeof URL, typeof TextDecoder, typeof setTimeout, typeof require, typeof Buffer].join(",")))).build(); }`,
      [],
    );
    expect(JSON.stringify(box.invoke("probe", {}).json)).toContain(
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

  it("calls functions by name and reports a missing one as Apps Script does", () => {
    const { box } = sandbox(`var notAFunction = 1;`, []);
    expect(box.invoke("notAFunction", {}).error).toMatch(/Script function not found: notAFunction/);
  });
});
