// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { DIALOG_CHANNEL, DIALOG_EVENT, displayDialog } from "./fake-dialog";

// The harness's Office dialog API: Office's callback shapes and error codes, a window per dialog, and only the
// window it opened may answer.

type Result = { status: string; value: unknown; error?: { code: number } };
interface Dialog {
  addEventHandler(type: string, handler: (arg: unknown) => void): void;
  close(): void;
}

function open(world: Record<string, string> = { entraClientId: "app", mailbox: "a@b.test" }) {
  const opened: { url: string; features: string }[] = [];
  const win = { closed: false, close: () => void (win.closed = true) };
  const result = new Promise<Result>((resolve) =>
    displayDialog(`${location.origin}/outlook/auth-dialog.html?scope=s`, { width: 30, height: 60 }, resolve, {
      world,
      open: (url, features) => (opened.push({ url, features }), win as unknown as Window),
      pollMs: 5,
    }),
  );
  return { opened, win, result };
}

function post(source: unknown, data: unknown) {
  const event = new Event("message");
  Object.defineProperties(event, { source: { value: source }, data: { value: data } });
  window.dispatchEvent(event);
}

describe("the harness's displayDialogAsync", () => {
  it("opens the harness copy of the page with the world, and relays only its own window's message", async () => {
    const { opened, win, result } = open();
    const answer = await result;
    expect(answer.status).toBe("succeeded");
    const url = new URL(opened[0].url);
    expect(url.pathname).toBe("/outlook/harness-auth-dialog.html");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      scope: "s",
      entraClientId: "app",
      mailbox: "a@b.test",
    });
    expect(opened[0].features).toMatch(/^popup,width=\d+,height=\d+$/);
    const dialog = answer.value as Dialog;
    const messages: unknown[] = [];
    dialog.addEventHandler(DIALOG_EVENT.DialogMessageReceived, (arg) => messages.push(arg));
    post({}, { channel: DIALOG_CHANNEL, message: "from someone else" });
    post(win, { channel: "other", message: "wrong channel" });
    post(win, { channel: DIALOG_CHANNEL, message: '{"accessToken":"t"}' });
    expect(messages).toEqual([
      expect.objectContaining({ type: DIALOG_EVENT.DialogMessageReceived, message: '{"accessToken":"t"}' }),
    ]);
    dialog.close();
    expect(win.closed).toBe(true);
  });

  it("a window the user closes is DialogEventReceived 12006", async () => {
    const { win, result } = open();
    const dialog = (await result).value as Dialog;
    const closed = new Promise((resolve) =>
      dialog.addEventHandler(DIALOG_EVENT.DialogEventReceived, resolve),
    );
    win.closed = true;
    expect(await closed).toEqual({ type: DIALOG_EVENT.DialogEventReceived, error: 12006 });
  });

  it("refuses another origin's page (12004) and reports a blocked window (12011)", async () => {
    const other = await new Promise<Result>((resolve) =>
      displayDialog("https://evil.example/x.html", {}, resolve, { world: {}, open: () => null }),
    );
    expect(other).toMatchObject({ status: "failed", error: { code: 12004 } });
    const blocked = await new Promise<Result>((resolve) =>
      displayDialog("auth-dialog.html", {}, resolve, { world: {}, open: () => null }),
    );
    expect(blocked).toMatchObject({ status: "failed", error: { code: 12011 } });
  });
});
