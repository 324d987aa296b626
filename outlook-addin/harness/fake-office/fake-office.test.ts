import { afterEach, describe, expect, it } from "vitest";
import {
  clearNotification,
  getSelectedItems,
  isSetSupported,
  loadSettings,
  onSelectionChanged,
  readCurrentItem,
  readItemAsEmail,
  readSelectedItems,
  saveSettings,
  setOfficeForTests,
  showInfo,
  showProgress,
  type SelectionChange,
} from "../../src/office";
import { MailboxHost } from "../mailbox-host";
import { CONFIG, harnessItem, memoryMailbox, memoryRoaming } from "../testing-mailbox";
import { createFakeOffice, toEwsId, toRestId, versionAtMost } from "./fake-office";

// The fake Office is only useful if the add-in's real Office adapters work against it: these tests drive the
// adapters (outlook-addin/src/office) through the fake, with the harness's mailbox host behind it.

const ITEMS = [harnessItem("AAMk-one_1"), harnessItem("AAMk-two_2"), harnessItem("AAMk-three_3")];

async function setup(version = "1.15") {
  const source = memoryMailbox(ITEMS);
  const roaming = memoryRoaming();
  const host = new MailboxHost({ ...CONFIG, mailboxVersion: version }, source, roaming, "Alex Admin");
  await host.loadFolders();
  const fake = createFakeOffice(host);
  setOfficeForTests(fake.office);
  return { host, fake, roaming, source };
}

afterEach(() => setOfficeForTests(null));

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("the harness's fake Office", () => {
  it("gives the adapters the open message: ids, addresses, headers and body", async () => {
    const { host } = await setup();
    await host.select(["AAMk-one_1"]);
    const message = await readCurrentItem();
    expect(message.itemId).toBe("AAMk/one+1");
    expect(message.restId).toBe("AAMk-one_1");
    expect(message.internetMessageId).toBe("<AAMk-one_1@acme.com>");
    expect(message.from).toEqual({ name: "Wile E. Coyote", address: "wile.coyote@acme.com" });
    expect(message.headers).toMatchObject({
      references: "<a@acme.com> <b@acme.com>",
      "list-id": "<news.acme.com>",
    });
    expect(message.headers["x-spam-score"]).toBeUndefined();
    const withBody = await readItemAsEmail();
    expect(withBody.email).toMatchObject({
      messageId: "<AAMk-one_1@acme.com>",
      html: "<p>Hello from AAMk-one_1</p>",
      text: "Hello from AAMk-one_1",
      source: "outlook",
    });
  });

  it("has no item when nothing or several messages are selected", async () => {
    const { host, fake } = await setup();
    expect(fake.office.context.mailbox.item).toBeNull();
    await host.select(["AAMk-one_1", "AAMk-two_2"]);
    expect(fake.office.context.mailbox.item).toBeNull();
    expect((await getSelectedItems()).map((s) => s.itemId)).toEqual(["AAMk/one+1", "AAMk/two+2"]);
  });

  it("fires ItemChanged and SelectedItemsChanged like Outlook, and onReady again when asked", async () => {
    const { host, fake } = await setup();
    const changes: SelectionChange[] = [];
    const off = await onSelectionChanged((c) => changes.push(c));
    await host.select(["AAMk-one_1"]);
    await tick();
    expect(changes.map((c) => c.kind)).toEqual(["item", "selection"]);
    await host.select(["AAMk-one_1", "AAMk-three_3"]);
    await tick();
    await tick();
    expect(changes.at(-1)).toMatchObject({
      kind: "selection",
      items: [{ itemId: "AAMk/one+1" }, { itemId: "AAMk/three+3" }],
    });
    let ready = 0;
    void fake.office.onReady(() => void (ready += 1));
    await tick();
    host.rerunReady();
    await tick();
    expect(ready).toBe(2);
    await off();
    await host.select(["AAMk-two_2"]);
    await tick();
    expect(changes).toHaveLength(3);
  });

  it("behaves like an older Outlook when asked: no multi-select events or APIs before Mailbox 1.13", async () => {
    const { host } = await setup("1.8");
    expect(isSetSupported("1.8")).toBe(true);
    expect(isSetSupported("1.13")).toBe(false);
    const changes: SelectionChange[] = [];
    await onSelectionChanged((c) => changes.push(c));
    await host.select(["AAMk-one_1", "AAMk-two_2"]); // an older Outlook keeps one message selected
    await tick();
    expect(changes.map((c) => c.kind)).toEqual(["item"]);
    expect(await getSelectedItems()).toEqual([]);
  });

  it("loads selected items one at a time, as loadItemByIdAsync requires", async () => {
    const { host, fake } = await setup();
    await host.select(["AAMk-one_1", "AAMk-two_2"]);
    const results = await readSelectedItems(["AAMk/one+1", "AAMk/two+2", "AAMk/missing"]);
    expect(results.map((r) => r.message?.email.messageId ?? r.error?.code)).toEqual([
      "<AAMk-one_1@acme.com>",
      "<AAMk-two_2@acme.com>",
      "load_failed",
    ]);
    // A second load without unloading the first is refused, as documented.
    const mailbox = fake.office.context.mailbox;
    const first = await new Promise<Office.AsyncResult<unknown>>((r) =>
      mailbox.loadItemByIdAsync("AAMk/one+1", r),
    );
    const second = await new Promise<Office.AsyncResult<unknown>>((r) =>
      mailbox.loadItemByIdAsync("AAMk/two+2", r),
    );
    expect(first.status).toBe("succeeded");
    expect(second.status).toBe("failed");
  });

  it("keeps item notifications within Outlook's limits and shows them to the page", async () => {
    const { host } = await setup();
    await host.select(["AAMk-one_1"]);
    await showProgress("sync", "Syncing Inbox: 120 scanned");
    await showProgress("sync", "Syncing Inbox: 240 scanned");
    expect(host.snapshot().notifications).toEqual([
      { key: "sync", type: "progressIndicator", message: "Syncing Inbox: 240 scanned" },
    ]);
    await showInfo("done", "x".repeat(400)); // the adapter cuts to 150 characters
    expect(host.snapshot().notifications[1].message).toHaveLength(150);
    await clearNotification("sync");
    expect(host.snapshot().notifications.map((n) => n.key)).toEqual(["done"]);
  });

  it("refuses a sixth notification on one item", async () => {
    const { host, fake } = await setup();
    await host.select(["AAMk-one_1"]);
    const messages = fake.office.context.mailbox.item!.notificationMessages;
    const add = (key: string) =>
      new Promise<Office.AsyncResult<void>>((r) =>
        messages.addAsync(
          key,
          {
            type: "informationalMessage" as Office.MailboxEnums.ItemNotificationMessageType,
            message: key,
            icon: "i",
            persistent: false,
          },
          r,
        ),
      );
    for (const key of ["a", "b", "c", "d", "e"]) expect((await add(key)).status).toBe("succeeded");
    expect((await add("f")).status).toBe("failed");
    expect((await add("a")).status).toBe("failed"); // addAsync with an existing key
  });

  it("keeps the add-in's roaming settings", async () => {
    await setup();
    expect(loadSettings().serverUrl).toBe("");
    await saveSettings({ serverUrl: "https://tb.example", apiToken: "tb_1", lookbackDays: 30 });
    expect(loadSettings()).toMatchObject({
      serverUrl: "https://tb.example",
      apiToken: "tb_1",
      lookbackDays: 30,
    });
  });

  it("fails saveAsync beyond 32 KB, as Outlook does", async () => {
    const { fake, roaming } = await setup();
    const settings = fake.office.context.roamingSettings;
    settings.set("big", "x".repeat(33 * 1024));
    const result = await new Promise<Office.AsyncResult<void>>((r) => settings.saveAsync(r));
    expect(result.status).toBe("failed");
    expect(roaming.values.big).toBeUndefined();
  });

  it("converts between EWS and REST ids like Outlook", () => {
    expect(toRestId("AAMk/a+b/c")).toBe("AAMk-a_b-c");
    expect(toEwsId("AAMk-a_b-c")).toBe("AAMk/a+b/c");
    expect(versionAtMost("1.5", "1.15")).toBe(true);
    expect(versionAtMost("1.15", "1.5")).toBe(false);
  });

  it("registers ribbon functions with the page and runs them with an event to complete", async () => {
    const { host, fake } = await setup();
    let ran = 0;
    fake.office.actions.associate("syncFolder", (event: { completed: () => void }) => {
      ran += 1;
      setTimeout(() => event.completed(), 1);
    });
    expect(host.snapshot().actions).toEqual(["syncFolder"]);
    await host.runAction();
    expect(ran).toBe(1);
    expect(host.snapshot().running).toBeNull();
  });
});
