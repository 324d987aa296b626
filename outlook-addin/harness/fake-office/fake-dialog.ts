// The Office dialog API (`Office.context.ui.displayDialogAsync`) in the harness's add-in frames, as Outlook on the
// web gives it: a separate browser window on a page of the add-in's own origin, which answers with
// `Office.context.ui.messageParent` (DialogMessageReceived) or is closed by the user (DialogEventReceived, 12006).
// The window loads the harness's copy of the page (`harness-<page>`: the same bundle after a fake Office, see
// install-dialog-office.ts), told the simulated world it signs in to.

export const DIALOG_CHANNEL = "touchbase-harness-dialog/1";
export const DIALOG_EVENT = {
  DialogMessageReceived: "dialogMessageReceived",
  DialogEventReceived: "dialogEventReceived",
} as const;

/** What the dialog window's page sends to the frame that opened it. */
export interface DialogPost {
  channel: typeof DIALOG_CHANNEL;
  message: string;
}

type Handler = (arg: unknown) => void;
type Result = {
  status: "succeeded" | "failed";
  value: unknown;
  error?: { name: string; message: string; code: number };
};

export interface DialogDeps {
  /** Query parameters the dialog page needs to know its world (the simulated Entra's app, the mailbox). */
  world: Record<string, string>;
  open?: (url: string, features: string) => Window | null;
  /** How often the window is checked for having been closed by the user. */
  pollMs?: number;
}

function failed(code: number, name: string, message: string): Result {
  return { status: "failed", value: undefined, error: { name, message, code } };
}

/** `displayDialogAsync(url, options, callback)` for one frame. */
export function displayDialog(
  url: string,
  options: { width?: number; height?: number },
  callback: ((result: Result) => void) | undefined,
  deps: DialogDeps,
): void {
  const answer = (result: Result): void => void setTimeout(() => callback?.(result), 0);
  let target: URL;
  try {
    target = new URL(url, location.href);
  } catch {
    return answer(failed(12004, "InvalidUrl", "The dialog's address is not a URL."));
  }
  // Office opens only pages of the add-in's own domain first (AppDomains aside).
  if (target.origin !== location.origin) {
    return answer(failed(12004, "DomainNotTrusted", "The dialog's page is not on the add-in's domain."));
  }
  target.pathname = target.pathname.replace(/\/([^/]+\.html)$/, "/harness-$1");
  for (const [key, value] of Object.entries(deps.world)) target.searchParams.set(key, value);
  const width = Math.round((screen.availWidth * (options.width ?? 30)) / 100);
  const height = Math.round((screen.availHeight * (options.height ?? 60)) / 100);
  const open = deps.open ?? ((u: string, f: string) => window.open(u, "_blank", f));
  const win = open(target.href, `popup,width=${Math.max(width, 420)},height=${Math.max(height, 560)}`);
  if (!win) return answer(failed(12011, "PopupBlocked", "The browser blocked the dialog window."));

  const handlers = new Map<string, Handler>();
  let done = false;
  const onMessage = (event: MessageEvent) => {
    const data = event.data as Partial<DialogPost> | null;
    if (event.source !== win || data?.channel !== DIALOG_CHANNEL || typeof data.message !== "string") return;
    handlers.get(DIALOG_EVENT.DialogMessageReceived)?.({
      type: DIALOG_EVENT.DialogMessageReceived,
      message: data.message,
      origin: event.origin,
    });
  };
  const finish = () => {
    done = true;
    clearInterval(poll);
    window.removeEventListener("message", onMessage);
  };
  window.addEventListener("message", onMessage);
  const poll = setInterval(() => {
    if (done || !win.closed) return;
    finish();
    handlers.get(DIALOG_EVENT.DialogEventReceived)?.({
      type: DIALOG_EVENT.DialogEventReceived,
      error: 12006,
    });
  }, deps.pollMs ?? 250);
  const dialog = {
    addEventHandler(type: string, handler: Handler) {
      handlers.set(type, handler);
    },
    close() {
      if (done) return;
      finish();
      win.close();
    },
  };
  answer({ status: "succeeded", value: dialog });
}
