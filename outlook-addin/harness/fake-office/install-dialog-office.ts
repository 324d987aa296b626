// Runs first in the harness's dialog pages (harness-auth-dialog.html: the sign-in window of Outlook clients without
// nested app authentication), before the page's own bundle: a fake `Office` whose `messageParent` answers the frame
// that opened the window (fake-dialog.ts), and the simulated world the page signs in to. The world comes in the
// first address only — Microsoft's sign-in returns to the bare page — so it is kept in this window's
// sessionStorage, as the page's own MSAL keeps its sign-in state there.
import { DIALOG_CHANNEL, type DialogPost } from "./fake-dialog";

const KEY = "touchbase-harness-dialog-world";

interface DialogWorld {
  clientId: string;
  tenantId: string;
  mailbox: string;
}

function worldOfThisWindow(): DialogWorld | null {
  const query = new URLSearchParams(location.search);
  const clientId = query.get("entraClientId");
  const tenantId = query.get("entraTenant");
  if (clientId && tenantId) {
    const world = { clientId, tenantId, mailbox: query.get("mailbox") ?? "" };
    sessionStorage.setItem(KEY, JSON.stringify(world));
    return world;
  }
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? "null") as DialogWorld | null;
  } catch {
    return null;
  }
}

const world = worldOfThisWindow();
const office = {
  onReady: (callback?: (info: unknown) => void) => {
    const info = { host: "Outlook", platform: "OfficeOnline" };
    if (callback) setTimeout(() => callback(info), 0);
    return Promise.resolve(info);
  },
  context: {
    ui: {
      messageParent(message: string) {
        const post: DialogPost = { channel: DIALOG_CHANNEL, message };
        (window.opener as Window | null)?.postMessage(post, location.origin);
      },
    },
  },
};
Object.assign(window, {
  Office: office,
  touchbaseHarness: {
    graphUrl: null,
    mailbox: world?.mailbox ?? "",
    storeName: "",
    entra: world ? { clientId: world.clientId, tenantId: world.tenantId } : null,
  },
});
