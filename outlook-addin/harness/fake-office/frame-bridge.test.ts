import { MessageChannel, type MessagePort } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import {
  loadSettings,
  onSelectionChanged,
  readCurrentItem,
  readSelectedItems,
  saveSettings,
  setOfficeForTests,
  showProgress,
  type SelectionChange,
} from "../../src/office";
import { MailboxHost } from "../mailbox-host";
import { CONFIG, harnessItem, memoryMailbox, memoryRoaming } from "../testing-mailbox";
import type { FrameMessage, HostMessage, Port } from "./bridge-protocol";
import { createFakeOffice } from "./fake-office";
import { createFrameBridge } from "./frame-bridge";
import { connectRemoteHost } from "./remote-host";

// The page and a frame talking only through messages, as they do across origins in the browser: the frame's
// fake Office (and the add-in's real adapters on top of it) must behave as with the host in the same window.

const ports: MessagePort[] = [];
afterEach(() => {
  setOfficeForTests(null);
  ports.splice(0).forEach((p) => p.close());
});

function portOf<Out, In>(port: MessagePort): Port<Out, In> {
  ports.push(port);
  return {
    post: (message) => port.postMessage(message),
    listen(handler) {
      const on = (data: unknown) => handler(data as In);
      port.on("message", on);
      return () => void port.off("message", on);
    },
  };
}

async function setup() {
  const host = new MailboxHost(
    CONFIG,
    memoryMailbox([harnessItem("AAMk-one_1"), harnessItem("AAMk-two_2")]),
    memoryRoaming(),
    "Alex Admin",
  );
  await host.loadFolders();
  const bridge = createFrameBridge(host);
  const frame = () => {
    const { port1, port2 } = new MessageChannel();
    const pagePort = portOf<HostMessage, FrameMessage>(port1);
    const link = { post: (m: HostMessage) => pagePort.post(m) };
    pagePort.listen((m) => bridge.accept(link, m));
    const remote = connectRemoteHost(portOf<FrameMessage, HostMessage>(port2), {
      graphUrl: null,
      mailbox: CONFIG.mailbox,
      storeName: "s",
    });
    return { remote, fake: createFakeOffice(remote) };
  };
  return { host, frame };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe("the harness's frame bridge", () => {
  it("waits for the page before Office is ready, then reads the open item", async () => {
    const { host, frame } = await setup();
    await host.select(["AAMk-one_1"]);
    const { fake } = frame();
    await fake.office.onReady();
    setOfficeForTests(fake.office);
    const message = await readCurrentItem();
    expect(message).toMatchObject({
      itemId: "AAMk/one+1",
      restId: "AAMk-one_1",
      subject: "Subject AAMk-one_1",
    });
    expect(fake.office.context.mailbox.userProfile.emailAddress).toBe(CONFIG.mailbox);
  });

  it("delivers a selection change with the new item already readable", async () => {
    const { host, frame } = await setup();
    const { fake } = frame();
    await fake.office.onReady();
    setOfficeForTests(fake.office);
    const seen: string[] = [];
    await onSelectionChanged((change: SelectionChange) => {
      if (change.kind === "item") seen.push(fake.office.context.mailbox.item?.itemId ?? "none");
    });
    await host.select(["AAMk-two_2"]);
    await until(() => seen.length === 1);
    expect(seen).toEqual(["AAMk/two+2"]);
    const loaded = await readSelectedItems(["AAMk/one+1"]);
    expect(loaded[0].message?.email.messageId).toBe("<AAMk-one_1@acme.com>");
  });

  it("saves roaming settings through the page; a frame loaded later starts with them, as in Office", async () => {
    const { host, frame } = await setup();
    const a = frame();
    await a.fake.office.onReady();
    setOfficeForTests(a.fake.office);
    await saveSettings({ serverUrl: "https://tb.example", apiToken: "tb_2" });
    expect(JSON.stringify(host.roamingSettings())).toContain("tb_2");
    const b = frame();
    await b.fake.office.onReady();
    setOfficeForTests(b.fake.office);
    expect(loadSettings()).toMatchObject({ serverUrl: "https://tb.example", apiToken: "tb_2" });
  });

  it("shows a frame's notifications on the page and runs ribbon functions across the channel", async () => {
    const { host, frame } = await setup();
    await host.select(["AAMk-one_1"]);
    const commands = frame();
    await commands.fake.office.onReady();
    setOfficeForTests(commands.fake.office);
    commands.fake.office.actions.associate("syncFolder", (event: { completed(): void }) => {
      void showProgress("sync", "Syncing…").then(() => event.completed());
    });
    await until(() => host.snapshot().actions.includes("syncFolder"));
    await host.runAction("syncFolder");
    expect(host.snapshot().running).toBeNull();
    await until(() => host.snapshot().notifications.length === 1);
    expect(host.snapshot().notifications[0]).toMatchObject({
      key: "sync",
      type: "progressIndicator",
      message: "Syncing…",
    });
  });
});
