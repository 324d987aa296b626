import { afterEach, describe, expect, it } from "vitest";
import { EmailInputSchema } from "../../../shared";
import {
  clearNotification,
  currentViewer,
  DEFAULT_SETTINGS,
  getSelectedItems,
  loadSettings,
  officeThemeInfo,
  onOfficeThemeChanged,
  onSelectionChanged,
  readCurrentItem,
  readItemAsEmail,
  readSelectedItems,
  saveSettings,
  showInfo,
  showProgress,
} from ".";
import { addItem, harnessItem, installMemoryOffice, type MemoryHost } from "./testing/memory-host";

let host: (MemoryHost & { dispose(): void }) | null = null;
afterEach(() => {
  host?.dispose();
  host = null;
});

const RAW_HEADERS = [
  "Received: from mx.acme.com by mail.northwind-cs.com; Sun, 1 Mar 2026 10:00:00 +0000",
  "Message-ID: <r1@acme.com>",
  "In-Reply-To: <r0@northwind-cs.com>",
  "References: <root@northwind-cs.com>",
  "\t<r0@northwind-cs.com>",
  "List-Unsubscribe: <mailto:u@acme.com>",
  "DKIM-Signature: v=1; a=rsa-sha256; d=acme.com",
  "Subject: Renewal",
].join("\r\n");

describe("reading the open message with Office.js", () => {
  it("reads headers (Mailbox 1.8), addresses and the REST id into the core's MailMessage", async () => {
    host = installMemoryOffice("1.15");
    addItem(
      host,
      harnessItem({
        restId: "AAMk-r1_x",
        internetMessageId: "<r1@acme.com>",
        from: { name: 'Coyote, "Wile" E.', address: "wile.coyote@acme.com" },
        cc: [{ name: "", address: "road.runner@acme.com" }],
        headers: RAW_HEADERS,
      }),
    );
    const message = await readCurrentItem();
    expect(message.restId).toBe("AAMk-r1_x");
    expect(message.itemId).toBe("AAMk/r1+x");
    expect(message.headers).toEqual({
      "message-id": "<r1@acme.com>",
      "in-reply-to": "<r0@northwind-cs.com>",
      references: "<root@northwind-cs.com> <r0@northwind-cs.com>",
      "list-unsubscribe": "<mailto:u@acme.com>",
    }); // routing headers (Received, DKIM) never leave the mail client
    expect(message.mail).toEqual({
      messageId: "<r1@acme.com>",
      from: '"Coyote, \\"Wile\\" E." <wile.coyote@acme.com>',
      to: '"Alex Admin" <admin@touchbase.local>',
      cc: "road.runner@acme.com",
      subject: "Renewal",
      date: "2026-03-01T10:00:00.000Z",
      headers: message.headers,
      hasCalendarInvite: false,
    });
    expect(currentViewer()).toEqual({ addresses: ["admin@touchbase.local"] });
  });

  it("falls back to no headers on Mailbox 1.5 hosts and still reads the message", async () => {
    host = installMemoryOffice("1.5");
    addItem(host, harnessItem({ restId: "m2", headers: RAW_HEADERS }));
    const message = await readCurrentItem();
    expect(message.headers).toEqual({});
    expect(message.mail.from).toBe('"Wile E. Coyote" <wile.coyote@acme.com>');
  });

  it("produces an EmailInput the backend accepts, with body, threading and the meeting flag", async () => {
    host = installMemoryOffice("1.15");
    addItem(
      host,
      harnessItem({
        restId: "m3",
        internetMessageId: "<r1@acme.com>",
        headers: RAW_HEADERS,
        itemClass: "IPM.Schedule.Meeting.Request",
      }),
    );
    const { email } = await readItemAsEmail();
    expect(EmailInputSchema.parse(email)).toEqual(email);
    expect(email).toMatchObject({
      messageId: "<r1@acme.com>",
      html: "<p>Hello <b>Alex</b></p>",
      text: "Hello Alex",
      inReplyTo: "<r0@northwind-cs.com>",
      references: "<root@northwind-cs.com> <r0@northwind-cs.com>",
      source: "outlook",
      hasCalendarInvite: true,
    });
  });

  it("explains what is wrong instead of throwing Office's errors", async () => {
    host = installMemoryOffice();
    await expect(readCurrentItem()).rejects.toMatchObject({
      code: "no_item",
      message: "Open a message to see its customer.",
    });
    addItem(host, harnessItem({ restId: "draft", internetMessageId: "" }));
    await expect(readItemAsEmail()).rejects.toMatchObject({
      code: "no_message_id",
      message: "This message has not been sent yet, so it cannot be synced.",
    });
  });
});

describe("selection", () => {
  it("reports item changes and, on Mailbox 1.13+, selection changes; unsubscribing stops both", async () => {
    host = installMemoryOffice("1.15");
    const seen: string[] = [];
    const stop = await onSelectionChanged((change) =>
      seen.push(change.kind === "item" ? "item" : `selection:${change.items.length}`),
    );
    host.selected = [{ itemId: "a", subject: "A", conversationId: "c", internetMessageId: "<a@x>" }];
    host.emit("item");
    host.emit("selection");
    await expect.poll(() => seen).toEqual(["item", "selection:1"]);
    await stop();
    host.emit("item");
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toHaveLength(2);
  });

  it("lists the selection only where Outlook supports it", async () => {
    host = installMemoryOffice("1.12");
    host.selected = [{ itemId: "a", subject: "A", conversationId: "c", internetMessageId: "<a@x>" }];
    expect(await getSelectedItems()).toEqual([]);
    const seen: string[] = [];
    await onSelectionChanged((c) => seen.push(c.kind)); // ItemChanged only; no error on 1.12
    host.dispose();
    host = installMemoryOffice("1.13");
    host.selected = [{ itemId: "a", subject: "A", conversationId: "c", internetMessageId: "<a@x>" }];
    expect(await getSelectedItems()).toEqual([
      {
        itemId: "a",
        subject: "A",
        conversationId: "c",
        internetMessageId: "<a@x>",
        itemType: "message",
        itemMode: "Read",
      },
    ]);
  });

  it("reads selected messages one at a time with loadItemByIdAsync (1.15), unloading each, errors per item", async () => {
    host = installMemoryOffice("1.15");
    const a = addItem(host, harnessItem({ restId: "sa", internetMessageId: "<sa@acme.com>" }), false);
    const b = addItem(host, harnessItem({ restId: "sb", internetMessageId: "<sb@acme.com>" }), false);
    const results = await readSelectedItems([a.itemId, "missing", b.itemId]);
    expect(results.map((r) => r.message?.email.messageId ?? r.error?.code)).toEqual([
      "<sa@acme.com>",
      "load_failed",
      "<sb@acme.com>",
    ]);
    host.dispose();
    host = installMemoryOffice("1.13");
    await expect(readSelectedItems(["x"])).rejects.toMatchObject({ code: "unsupported" });
  });
});

describe("settings in roaming settings", () => {
  it("starts from defaults, saves, and reloads", async () => {
    host = installMemoryOffice();
    expect(loadSettings()).toEqual(DEFAULT_SETTINGS);
    const saved = await saveSettings({
      serverUrl: "https://tb.example.com",
      apiToken: " tok ",
      lookbackDays: 30,
    });
    expect(saved).toMatchObject({ serverUrl: "https://tb.example.com", apiToken: "tok", lookbackDays: 30 });
    expect(loadSettings()).toEqual(saved);
    expect(typeof host.roaming["touchbase.settings.v1"]).toBe("string");
  });

  it("refuses invalid values with a sentence and keeps the old ones", async () => {
    host = installMemoryOffice();
    await saveSettings({ serverUrl: "https://tb.example.com" });
    await expect(saveSettings({ serverUrl: "tb.example.com" })).rejects.toMatchObject({
      code: "invalid_settings",
      message: "The server URL must start with https:// (or http://).",
    });
    expect(loadSettings().serverUrl).toBe("https://tb.example.com");
  });

  it("a corrupted stored value falls back field by field", () => {
    host = installMemoryOffice("1.15", {
      "touchbase.settings.v1": JSON.stringify({
        serverUrl: "https://ok.example.com",
        lookbackDays: -4,
        folders: "inbox",
      }),
    });
    expect(loadSettings()).toEqual({ ...DEFAULT_SETTINGS, serverUrl: "https://ok.example.com" });
    host.dispose();
    host = installMemoryOffice("1.15", { "touchbase.settings.v1": "{not json" });
    expect(loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it("when Office refuses to save (its 32 KB limit), says so and keeps the previous settings", async () => {
    host = installMemoryOffice("1.15", { "other.addin.data": "x".repeat(20_000) });
    await saveSettings({ serverUrl: "https://tb.example.com" });
    const folders = Array.from({ length: 50 }, (_, i) => ({
      id: `${"f".repeat(480)}${i}`,
      name: `Folder ${i}`,
    }));
    await expect(saveSettings({ folders })).rejects.toMatchObject({
      code: "settings_not_saved",
      message: "Outlook could not save your Touchbase settings. Try again.",
    });
    expect(JSON.parse(host.roaming["touchbase.settings.v1"] as string).folders).toEqual(
      DEFAULT_SETTINGS.folders,
    );
  });
});

describe("notifications and theme", () => {
  it("progress and the summary share one key, so the item shows one line; messages fit Office's 150 characters", async () => {
    host = installMemoryOffice();
    const item = addItem(host, harnessItem({ restId: "n1" }));
    await showProgress("tb-sync", "Touchbase: 10 scanned…");
    await showInfo("tb-sync", `Touchbase: ${"x".repeat(200)}`);
    const notes = host.notes.get(item.itemId)!;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ key: "tb-sync", type: "informationalMessage" });
    expect(notes[0].message).toHaveLength(150);
    await clearNotification("tb-sync");
    expect(host.notes.get(item.itemId)).toEqual([]);
  });

  it("derives dark mode from the body colour, since Outlook does not report isDarkTheme", () => {
    host = installMemoryOffice();
    expect(officeThemeInfo().isDark).toBe(false);
    host.themeColors = { bodyBackgroundColor: "#1f1f1f", bodyForegroundColor: "#ffffff" };
    expect(officeThemeInfo()).toEqual({
      isDark: true,
      bodyBackgroundColor: "#1f1f1f",
      bodyForegroundColor: "#ffffff",
    });
  });

  it("has no Office theme before Mailbox 1.14: the system's colour scheme decides", () => {
    host = installMemoryOffice("1.13");
    host.themeColors = { bodyBackgroundColor: "#1f1f1f", bodyForegroundColor: "#ffffff" };
    expect(officeThemeInfo()).toEqual({
      isDark: false,
      bodyBackgroundColor: null,
      bodyForegroundColor: null,
    });
  });

  it("hears OfficeThemeChanged on Mailbox 1.14, and registers nothing before", async () => {
    host = installMemoryOffice("1.14");
    let changes = 0;
    const stop = await onOfficeThemeChanged(() => changes++);
    host.themeColors = { bodyBackgroundColor: "#1f1f1f", bodyForegroundColor: "#ffffff" };
    host.emit("theme");
    await expect.poll(() => changes).toBe(1);
    expect(officeThemeInfo().isDark).toBe(true);
    await stop();
    host.emit("theme");
    await new Promise((r) => setTimeout(r, 20));
    expect(changes).toBe(1);
    host.dispose();

    host = installMemoryOffice("1.13");
    const none = await onOfficeThemeChanged(() => changes++);
    host.emit("theme");
    await new Promise((r) => setTimeout(r, 20));
    expect(changes).toBe(1);
    await none();
  });
});

describe("item types", () => {
  it("reads a message whatever the case of its itemType, and refuses appointments", async () => {
    host = installMemoryOffice();
    addItem(host, harnessItem({ restId: "cased" }));
    const mailbox = (await import("./office-runtime")).getOffice().context.mailbox;
    const real = Object.getOwnPropertyDescriptor(mailbox, "item")!;
    const withType = (itemType: string) =>
      Object.defineProperty(mailbox, "item", {
        configurable: true,
        get: () => ({ ...(real.get!.call(mailbox) as object), itemType }),
      });
    withType("Message");
    expect((await readCurrentItem()).subject).toBe("Renewal");
    withType("appointment");
    await expect(readCurrentItem()).rejects.toMatchObject({ code: "not_message" });
    Object.defineProperty(mailbox, "item", real);
  });
});
