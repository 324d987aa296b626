// Where the `Office` global comes from, and the promise wrapper every adapter uses around Office's callbacks.

/** An Office.js failure with a code and a sentence a user can read. */
export class OfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "OfficeError";
  }
}

let override: typeof Office | null = null;

/** Tests (Node) install a fake here; in the browser the real or harness `Office` global is used. */
export function setOfficeForTests(office: typeof Office | null): void {
  override = office;
}

export function getOffice(): typeof Office {
  if (override) return override;
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office) {
    throw new OfficeError(
      "office_missing",
      "Touchbase must be opened inside Outlook (Office.js is not loaded).",
    );
  }
  return office;
}

/** The mailbox, or a clear error when the pane was opened outside Outlook. */
export function getMailbox(): Office.Mailbox {
  const mailbox = getOffice().context?.mailbox;
  if (!mailbox) throw new OfficeError("not_outlook", "Touchbase runs in Outlook only.");
  return mailbox;
}

/** Resolves once Office.js is ready (hosts may call the callback more than once; this resolves the first). */
export async function officeReady(): Promise<{ host: string | null; platform: string | null }> {
  const info = await getOffice().onReady();
  return {
    host: info?.host ? String(info.host) : null,
    platform: info?.platform ? String(info.platform) : null,
  };
}

/** `isSetSupported("Mailbox", version)`; false instead of throwing on hosts that lack the requirements API. */
export function isSetSupported(version: string, set = "Mailbox"): boolean {
  try {
    return Boolean(getOffice().context?.requirements?.isSetSupported(set, version));
  } catch {
    return false;
  }
}

/** Runs an Office `…Async(…, callback)` call as a promise; a failed AsyncResult becomes an OfficeError. */
export function officeCall<T>(
  start: (callback: (result: Office.AsyncResult<T>) => void) => void,
  failure: { code: string; message: string },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((result) => {
        if (String(result.status) === "succeeded") resolve(result.value);
        else reject(new OfficeError(failure.code, failure.message));
      });
    } catch {
      reject(new OfficeError(failure.code, failure.message));
    }
  });
}
