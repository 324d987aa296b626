// A small in-memory mailbox for the harness's own tests (the real harness reads the Graph simulator).
import type { HarnessConfig } from "./harness-config";
import type { HarnessItem } from "./fake-office/harness-host";
import { toEwsId } from "./fake-office/fake-office";
import type { MailboxSource, RoamingStorage } from "./mailbox-host";
import type { SimMessageSummary } from "./simulator-client";

export const CONFIG: HarnessConfig = {
  apiUrl: "http://127.0.0.1:3000",
  graphUrl: "http://127.0.0.1:3001/v1.0",
  token: "tb_harness",
  entra: {
    clientId: "7b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
    tenantId: "d9c4b2a1-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  },
  mailbox: "admin@touchbase.local",
  workspace: "Demo",
  theme: "light",
  mailboxVersion: "1.15",
  storeName: "test-store",
};

export function harnessItem(restId: string, over: Partial<HarnessItem> = {}): HarnessItem {
  return {
    itemId: toEwsId(restId),
    restId,
    internetMessageId: `<${restId}@acme.com>`,
    conversationId: `conv-${restId}`,
    subject: `Subject ${restId}`,
    from: { name: "Wile E. Coyote", address: "wile.coyote@acme.com" },
    sender: { name: "Wile E. Coyote", address: "wile.coyote@acme.com" },
    to: [{ name: "Alex Admin", address: "admin@touchbase.local" }],
    cc: [],
    dateTimeCreated: "2026-05-01T10:00:00.000Z",
    itemClass: "IPM.Note",
    body: { html: `<p>Hello from ${restId}</p>`, text: `Hello from ${restId}` },
    headers:
      `Message-ID: <${restId}@acme.com>\r\nFrom: "Wile E. Coyote" <wile.coyote@acme.com>\r\n` +
      `References: <a@acme.com>\r\n <b@acme.com>\r\nX-Spam-Score: 0\r\nList-Id: <news.acme.com>\r\n`,
    ...over,
  };
}

export function memoryMailbox(items: HarnessItem[]): MailboxSource & { itemReads: number } {
  const source = {
    itemReads: 0,
    folders: async () => [
      { id: "root", displayName: "Top", parentFolderId: null, wellKnownName: null, totalItemCount: 0 },
      {
        id: "f-inbox",
        displayName: "Inbox",
        parentFolderId: "root",
        wellKnownName: "inbox",
        totalItemCount: items.length,
      },
    ],
    messages: async (): Promise<SimMessageSummary[]> =>
      items.map((i) => ({
        id: i.restId,
        folderId: "f-inbox",
        internetMessageId: i.internetMessageId,
        subject: i.subject,
        from: i.from,
        to: i.to,
        cc: i.cc,
        receivedDateTime: i.dateTimeCreated,
        conversationId: i.conversationId,
        isRead: false,
      })),
    item: async (restId: string) => {
      source.itemReads += 1;
      return items.find((i) => i.restId === restId) ?? null;
    },
  };
  return source;
}

export function memoryRoaming(
  initial: Record<string, unknown> = {},
): RoamingStorage & { values: Record<string, unknown> } {
  const store = { values: { ...initial } };
  return {
    get values() {
      return store.values;
    },
    load: () => structuredClone(store.values),
    save: (values) => void (store.values = structuredClone(values)),
  };
}
