import { describe, expect, it } from "vitest";
import { createMsalTokenProvider, type NestablePca } from "./msal-token-provider";

/** A PCA that behaves like MSAL's: silent needs a cached session, popup creates one (unless the user cancels). */
function fakePca(options: { session?: boolean; popup?: "ok" | "cancel" } = {}) {
  const calls: string[] = [];
  let session = options.session ?? false;
  let active: unknown = null;
  const account = { homeAccountId: "u1", username: "alex@northwind-cs.com" };
  const pca: NestablePca = {
    getActiveAccount: () => active,
    getAllAccounts: () => (session ? [account] : []),
    setActiveAccount: (a) => {
      active = a;
    },
    async acquireTokenSilent(request) {
      calls.push(`silent:${request.scopes.join(" ")}:${request.account ? "account" : "none"}`);
      if (!session)
        throw Object.assign(new Error("interaction_required"), { errorCode: "interaction_required" });
      return { accessToken: "silent-token", account };
    },
    async acquireTokenPopup(request) {
      calls.push(`popup:${request.scopes.join(" ")}`);
      if (options.popup === "cancel")
        throw Object.assign(new Error("user_cancelled"), { errorCode: "user_cancelled" });
      session = true;
      return { accessToken: "popup-token", account };
    },
  };
  return { pca, calls, isActive: () => active === account };
}

describe("MSAL nested app auth token provider", () => {
  it("uses the silent path when a session exists and remembers the account", async () => {
    const { pca, calls, isActive } = fakePca({ session: true });
    const provider = createMsalTokenProvider({ clientId: "app", createPca: async () => pca });
    expect(await provider.getGraphToken()).toBe("silent-token");
    expect(await provider.getGraphToken()).toBe("silent-token");
    expect(calls).toEqual(["silent:Mail.Read:account", "silent:Mail.Read:account"]);
    expect(isActive()).toBe(true);
    expect(await provider.hasSession!()).toBe(true);
  });

  it("without a session: asks for sign-in when not interactive, opens a popup when it is", async () => {
    const { pca, calls } = fakePca({ popup: "ok" });
    const provider = createMsalTokenProvider({ clientId: "app", createPca: async () => pca });
    expect(await provider.hasSession!()).toBe(false);
    await expect(provider.getGraphToken()).rejects.toMatchObject({
      code: "signin_required",
      message: "Sign in with your Microsoft account to sync folders.",
    });
    expect(calls).not.toContain("popup:Mail.Read");
    expect(await provider.getGraphToken({ interactive: true })).toBe("popup-token");
    expect(calls.at(-1)).toBe("popup:Mail.Read");
    // After the popup the silent path works.
    expect(await provider.getGraphToken()).toBe("silent-token");
  });

  it("says when Graph needs the user: consent or a new sign-in from MSAL, nothing for a silent token or an outage", async () => {
    const fails = (errorCode: string, name = "InteractionRequiredAuthError") =>
      createMsalTokenProvider({
        clientId: "app",
        createPca: async () => ({
          ...fakePca().pca,
          acquireTokenSilent: async () => {
            throw Object.assign(new Error(errorCode), { errorCode, name });
          },
        }),
      });
    await expect(fails("consent_required").interactionNeeded!()).resolves.toMatchObject({
      code: "consent_required",
      message:
        "Microsoft needs your consent before Touchbase can read your mail folders. Sign in to Microsoft once to give it; folder sync works right after.",
    });
    await expect(fails("interaction_required").interactionNeeded!()).resolves.toMatchObject({
      code: "interaction_required",
      message: expect.stringMatching(/^Microsoft asks you to sign in again .*\.$/),
    });
    expect(await fails("no_network_connectivity", "BrowserAuthError").interactionNeeded!()).toBeNull();
    const { pca } = fakePca({ session: true });
    expect(
      await createMsalTokenProvider({ clientId: "app", createPca: async () => pca }).interactionNeeded!(),
    ).toBeNull();
  });

  it("a cancelled popup is a sentence, not an MSAL error", async () => {
    const { pca } = fakePca({ popup: "cancel" });
    const provider = createMsalTokenProvider({ clientId: "app", createPca: async () => pca });
    await expect(provider.getGraphToken({ interactive: true })).rejects.toMatchObject({
      code: "signin_cancelled",
      message: "Sign-in was cancelled. Sign in again when you are ready.",
    });
  });

  it("asks for the scopes it is given", async () => {
    const { pca, calls } = fakePca({ session: true });
    const provider = createMsalTokenProvider({
      clientId: "app",
      scopes: ["Mail.ReadBasic"],
      createPca: async () => pca,
    });
    await provider.getGraphToken();
    expect(calls).toEqual(["silent:Mail.ReadBasic:account"]);
  });

  it("a build without an Entra client id says folder sync is not set up", async () => {
    const provider = createMsalTokenProvider({ clientId: "" });
    await expect(provider.getGraphToken()).rejects.toMatchObject({ code: "graph_not_configured" });
    expect(await provider.hasSession!()).toBe(false);
  });

  it("retries a failed MSAL initialisation on the next call instead of failing forever", async () => {
    const { pca } = fakePca({ session: true });
    let attempts = 0;
    const provider = createMsalTokenProvider({
      clientId: "app",
      createPca: async () => {
        attempts++;
        if (attempts === 1) throw new Error("network down while loading");
        return pca;
      },
    });
    await expect(provider.getGraphToken()).rejects.toMatchObject({ code: "signin_failed" });
    expect(await provider.getGraphToken()).toBe("silent-token");
    expect(attempts).toBe(2);
  });

  it("a popup Outlook cannot open (popup_window_error) falls back to the Office dialog", async () => {
    const { pca } = fakePca();
    pca.acquireTokenPopup = async () => {
      throw Object.assign(new Error("popup"), { errorCode: "popup_window_error" });
    };
    const opened: string[] = [];
    const provider = createMsalTokenProvider({
      clientId: "app",
      createPca: async () => pca,
      dialogUrl: "https://tb.example/outlook/auth-dialog.html",
      openDialog: async (url) => {
        opened.push(url);
        return JSON.stringify({ accessToken: "dialog-token", expiresOn: Date.now() + 3_600_000 });
      },
    });
    expect(provider.method).toBe("nested");
    expect(await provider.getGraphToken({ interactive: true })).toBe("dialog-token");
    expect(opened).toEqual(["https://tb.example/outlook/auth-dialog.html"]);
  });
});

describe("MSAL token provider on Outlook clients without nested app authentication", () => {
  function setup(options: { session?: boolean; dialog?: () => Promise<string> } = {}) {
    const { pca, calls } = fakePca({ session: options.session });
    const opened: string[] = [];
    let nestedCreated = 0;
    let clock = 1_000_000;
    const provider = createMsalTokenProvider({
      clientId: "app",
      naaSupported: () => false,
      createPca: async () => {
        nestedCreated++;
        return pca;
      },
      createStandardPca: async () => pca,
      dialogUrl: "https://tb.example/outlook/auth-dialog.html",
      openDialog: async (url) => {
        opened.push(url);
        return options.dialog
          ? options.dialog()
          : JSON.stringify({ accessToken: "dialog-token", expiresOn: clock + 3_600_000 });
      },
      now: () => clock,
    });
    return {
      provider,
      calls,
      opened,
      nestedCreated: () => nestedCreated,
      tick: (ms: number) => (clock += ms),
    };
  }

  it("says so (method dialog), never uses NAA, and signs in through the Office dialog from a click", async () => {
    const { provider, opened, nestedCreated, calls } = setup();
    expect(provider.method).toBe("dialog");
    await expect(provider.getGraphToken()).rejects.toMatchObject({ code: "signin_required" });
    expect(opened).toEqual([]);
    expect(await provider.getGraphToken({ interactive: true })).toBe("dialog-token");
    expect(opened).toEqual(["https://tb.example/outlook/auth-dialog.html"]);
    expect(calls.filter((c) => c.startsWith("popup"))).toEqual([]); // no about:blank popup on these hosts
    expect(nestedCreated()).toBe(0);
    // The dialog's token serves until a minute before it expires.
    expect(await provider.getGraphToken()).toBe("dialog-token");
    expect(await provider.hasSession!()).toBe(true);
  });

  it("uses the account the dialog left in the shared cache silently (the ribbon's case)", async () => {
    const { provider, opened } = setup({ session: true });
    expect(await provider.getGraphToken()).toBe("silent-token");
    expect(opened).toEqual([]);
  });

  it("a dialog closed by the user or an error from the page is a sentence", async () => {
    const closed = setup({
      dialog: async () => {
        throw Object.assign(new Error("The sign-in window was closed before sign-in finished."), {
          code: "signin_cancelled",
        });
      },
    });
    await expect(closed.provider.getGraphToken({ interactive: true })).rejects.toMatchObject({
      code: "signin_cancelled",
      message: "The sign-in window was closed before sign-in finished.",
    });
    const refused = setup({ dialog: async () => JSON.stringify({ error: "access_denied" }) });
    await expect(refused.provider.getGraphToken({ interactive: true })).rejects.toMatchObject({
      code: "signin_failed",
    });
  });
});
