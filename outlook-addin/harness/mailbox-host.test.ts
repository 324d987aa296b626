import { describe, expect, it } from "vitest";
import { loadSettings, setOfficeForTests } from "../src/office";
import { createFakeOffice } from "./fake-office/fake-office";
import { parseHarnessConfig } from "./harness-config";
import { connectRoaming, MailboxHost, SETTINGS_KEY } from "./mailbox-host";
import { CONFIG, harnessItem, memoryMailbox, memoryRoaming } from "./testing-mailbox";

describe("MailboxHost", () => {
  it("points the add-in at the harness's server (no token: it signs in), keeping the user's other settings", () => {
    const roaming = memoryRoaming({ [SETTINGS_KEY]: JSON.stringify({ lookbackDays: 14, apiToken: "old" }) });
    connectRoaming(roaming, "http://127.0.0.1:3000");
    const host = new MailboxHost(CONFIG, null, roaming);
    setOfficeForTests(createFakeOffice(host).office);
    try {
      // The add-in's own settings reader sees what the harness wrote.
      expect(loadSettings()).toMatchObject({
        serverUrl: "http://127.0.0.1:3000",
        apiToken: "",
        signedOut: false,
        lookbackDays: 14,
      });
      host.signOut();
      // What a reloaded pane reads: the server stays, the session is not resumed silently.
      expect(JSON.parse(roaming.values[SETTINGS_KEY] as string)).toEqual({
        serverUrl: "http://127.0.0.1:3000",
        signedOut: true,
      });
    } finally {
      setOfficeForTests(null);
    }
  });

  it("opens the Inbox first and reads each item from the mailbox once", async () => {
    const source = memoryMailbox([harnessItem("A-1"), harnessItem("B-2")]);
    const host = new MailboxHost(CONFIG, source, memoryRoaming());
    await host.loadFolders();
    expect(host.snapshot().folderId).toBe("f-inbox");
    expect(host.snapshot().messages.map((m) => m.id)).toEqual(["A-1", "B-2"]);
    await host.select(["A-1"]);
    await host.select(["B-2"]);
    await host.select(["A-1"]);
    expect(host.snapshot().current?.restId).toBe("A-1");
    expect(source.itemReads).toBe(2);
  });

  it("lets the latest click win when items load out of order", async () => {
    const source = memoryMailbox([harnessItem("A-1"), harnessItem("B-2")]);
    const slow = source.item;
    source.item = async (id) => {
      if (id === "A-1") await new Promise((r) => setTimeout(r, 30));
      return slow(id);
    };
    const host = new MailboxHost(CONFIG, source, memoryRoaming());
    const first = host.select(["A-1"]);
    await host.select(["B-2"]);
    await first;
    expect(host.snapshot().current?.restId).toBe("B-2");
  });
});

describe("parseHarnessConfig", () => {
  const backend = {
    apiUrl: "http://127.0.0.1:3000",
    graphUrl: "http://127.0.0.1:3001",
    token: "tb_x",
    mailbox: "a@b.c",
    workspace: "W",
  };

  it("takes the backend's config and gives the add-in Graph's versioned base", () => {
    const config = parseHarnessConfig(backend, new URLSearchParams());
    expect(config).toMatchObject({
      apiUrl: "http://127.0.0.1:3000",
      graphUrl: "http://127.0.0.1:3001/v1.0",
      theme: "light",
      mailboxVersion: "1.15",
    });
  });

  it("lets the address override it (tests point the harness at their own simulator)", () => {
    const config = parseHarnessConfig(
      backend,
      new URLSearchParams("graphUrl=http://127.0.0.1:9/v1.0/&token=t2&theme=dark&mailboxVersion=1.8"),
    );
    expect(config).toMatchObject({
      graphUrl: "http://127.0.0.1:9/v1.0",
      token: "t2",
      theme: "dark",
      mailboxVersion: "1.8",
    });
    expect(parseHarnessConfig({ ...backend, graphUrl: null }, new URLSearchParams()).graphUrl).toBeNull();
  });

  it("takes the simulated Entra's app and tenant from the backend's local issuer; the address may override them", () => {
    const issuer = {
      url: "http://127.0.0.1:4000",
      microsoftClientId: "app-1",
      googleClientId: "g-1",
      tenantId: "tenant-1",
    };
    expect(parseHarnessConfig({ ...backend, issuer }, new URLSearchParams()).entra).toEqual({
      clientId: "app-1",
      tenantId: "tenant-1",
    });
    expect(
      parseHarnessConfig({ ...backend, issuer }, new URLSearchParams("entraTenant=tenant-2")).entra,
    ).toEqual({ clientId: "app-1", tenantId: "tenant-2" });
    // Without an issuer (real sign-in apps configured) the harness has no Entra to offer.
    expect(parseHarnessConfig(backend, new URLSearchParams()).entra).toBeNull();
  });

  it("explains what is missing instead of starting half-configured", () => {
    expect(() => parseHarnessConfig(null, new URLSearchParams())).toThrow(/npm start/);
    expect(() => parseHarnessConfig(backend, new URLSearchParams("mailboxVersion=2"))).toThrow(
      /mailboxVersion/,
    );
  });
});
