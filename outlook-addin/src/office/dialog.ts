import { getOffice, OfficeError } from "./office-runtime";

// The Office dialog API (DialogApi 1.1): a window Office opens for the add-in. Microsoft sign-in uses it where
// nested app authentication is not available, as Microsoft's NAA samples do: the dialog page signs in with a
// redirect and sends the result back with `Office.context.ui.messageParent`.

/** Errors Office reports through DialogEventReceived (and displayDialogAsync), as sentences. */
const DIALOG_ERRORS: Record<number, { code: string; message: string }> = {
  12002: { code: "dialog_unreachable", message: "The sign-in window could not load its page. Try again." },
  12003: { code: "dialog_insecure", message: "The sign-in window needs an https:// address." },
  12006: { code: "signin_cancelled", message: "The sign-in window was closed before sign-in finished." },
  12007: { code: "dialog_open", message: "A sign-in window is open already. Finish or close it first." },
  12009: { code: "dialog_blocked", message: "Outlook blocked the sign-in window. Allow it and try again." },
  12011: {
    code: "dialog_blocked",
    message: "The browser blocked the sign-in window. Allow pop-ups and try again.",
  },
};

function dialogError(code: number | undefined): OfficeError {
  const known = code === undefined ? undefined : DIALOG_ERRORS[code];
  return new OfficeError(
    known?.code ?? "dialog_failed",
    known?.message ?? "The sign-in window could not be opened. Try again.",
  );
}

/**
 * Opens `url` in an Office dialog and resolves with the first message the page sends (`messageParent`), then
 * closes the dialog. Rejects with an OfficeError sentence when it cannot open or the user closes it.
 */
export function openDialog(url: string, options: { height?: number; width?: number } = {}): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const office = getOffice();
    const ui = office.context?.ui;
    if (!ui || typeof ui.displayDialogAsync !== "function") {
      reject(new OfficeError("dialog_unsupported", "This version of Outlook cannot open a sign-in window."));
      return;
    }
    const dialogOptions: Office.DialogOptions = {
      height: options.height ?? 60,
      width: options.width ?? 30,
      promptBeforeOpen: false,
    };
    ui.displayDialogAsync(url, dialogOptions, (result) => {
      if (String(result.status) !== "succeeded") {
        reject(dialogError(result.error?.code));
        return;
      }
      const dialog = result.value;
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        try {
          dialog.close();
        } catch {
          // closed by the user already
        }
        fn();
      };
      dialog.addEventHandler(office.EventType.DialogMessageReceived, (arg) => {
        const message = (arg as { message?: unknown }).message;
        finish(() => resolve(typeof message === "string" ? message : ""));
      });
      dialog.addEventHandler(office.EventType.DialogEventReceived, (arg) => {
        finish(() => reject(dialogError((arg as { error?: number }).error)));
      });
    });
  });
}
