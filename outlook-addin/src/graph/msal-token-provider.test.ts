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

  it("a cancelled popup is a sentence, not an MSAL error", async () => {
    const { pca } = fakePca({ popup: "cancel" });
    const provider = createMsalTokenProvider({ clientId: "app", createPca: async () => pca });
    await expect(provider.getGraphToken({ interactive: true })).rejects.toMatchObject({
      code: "signin_failed",
      message: "Microsoft sign-in did not finish. Try again, and allow the sign-in window.",
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
});
