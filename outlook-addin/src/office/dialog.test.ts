import { afterEach, describe, expect, it } from "vitest";
import { openDialog } from "./dialog";
import { setOfficeForTests } from "./office-runtime";

// Office's dialog API as documented: displayDialogAsync answers with an AsyncResult holding the Dialog (or an
// error code), the page's messageParent arrives as DialogMessageReceived, the user closing it as
// DialogEventReceived with error 12006.

type Handler = (arg: unknown) => void;
function fakeOffice(behaviour: "message" | "closed" | "fails" | "none") {
  const log: string[] = [];
  const office = {
    EventType: { DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" },
    context: {
      ui:
        behaviour === "none"
          ? undefined
          : {
              displayDialogAsync(
                url: string,
                options: { height: number; width: number },
                cb: (r: unknown) => void,
              ) {
                log.push(`open ${url} ${options.height}x${options.width}`);
                if (behaviour === "fails") {
                  setTimeout(() => cb({ status: "failed", error: { code: 12007, message: "open" } }), 0);
                  return;
                }
                const handlers = new Map<string, Handler>();
                const dialog = {
                  addEventHandler: (type: string, h: Handler) => handlers.set(type, h),
                  close: () => log.push("close"),
                };
                setTimeout(() => {
                  cb({ status: "succeeded", value: dialog });
                  setTimeout(() => {
                    if (behaviour === "message")
                      handlers.get("dialogMessageReceived")?.({
                        message: '{"accessToken":"t"}',
                        origin: "x",
                      });
                    else handlers.get("dialogEventReceived")?.({ error: 12006 });
                  }, 0);
                }, 0);
              },
            },
    },
  };
  setOfficeForTests(office as unknown as typeof Office);
  return log;
}

afterEach(() => setOfficeForTests(null));

describe("the Office dialog adapter", () => {
  it("resolves with the page's message and closes the dialog", async () => {
    const log = fakeOffice("message");
    expect(await openDialog("https://tb.example/outlook/auth-dialog.html")).toBe('{"accessToken":"t"}');
    expect(log).toEqual(["open https://tb.example/outlook/auth-dialog.html 60x30", "close"]);
  });

  it("turns Office's error codes into sentences", async () => {
    fakeOffice("closed");
    await expect(openDialog("https://x/a.html")).rejects.toMatchObject({
      code: "signin_cancelled",
      message: "The sign-in window was closed before sign-in finished.",
    });
    fakeOffice("fails");
    await expect(openDialog("https://x/a.html")).rejects.toMatchObject({ code: "dialog_open" });
    fakeOffice("none");
    await expect(openDialog("https://x/a.html")).rejects.toMatchObject({ code: "dialog_unsupported" });
  });
});
