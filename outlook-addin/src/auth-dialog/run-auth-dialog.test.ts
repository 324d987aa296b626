import { describe, expect, it } from "vitest";
import { runAuthDialog, type RedirectPca } from "./run-auth-dialog";

/** A standard PCA as the dialog page sees it across its loads: the cache survives the redirect. */
function fakeRedirectPca(state: {
  returning?: boolean;
  cached?: boolean;
  silentFails?: boolean;
  failReturn?: boolean;
}) {
  const calls: string[] = [];
  const account = { username: "alex@northwind-cs.com" };
  let active: unknown = null;
  const pca: RedirectPca = {
    async handleRedirectPromise() {
      calls.push("handleRedirect");
      if (state.failReturn) throw Object.assign(new Error("x"), { errorCode: "access_denied" });
      return state.returning ? { accessToken: "from-redirect", expiresOn: new Date(5_000), account } : null;
    },
    getActiveAccount: () => active,
    getAllAccounts: () => (state.cached ? [account] : []),
    setActiveAccount: (a) => void (active = a),
    async acquireTokenSilent() {
      calls.push("silent");
      if (state.silentFails) throw new Error("expired");
      return { accessToken: "from-cache", expiresOn: new Date(6_000), account };
    },
    async acquireTokenRedirect(request) {
      calls.push(`redirect:${request.scopes.join(" ")}:${request.redirectUri}`);
    },
  };
  return { pca, calls };
}

const run = (pca: RedirectPca) => {
  const sent: string[] = [];
  return runAuthDialog({
    pca,
    scopes: ["Mail.Read"],
    redirectUri: "https://tb.example/outlook/auth-dialog.html",
    send: (m) => sent.push(m),
  }).then((outcome) => ({ outcome, sent: sent.map((m) => JSON.parse(m) as Record<string, unknown>) }));
};

describe("the sign-in dialog page", () => {
  it("first load: starts a redirect sign-in to Microsoft and sends nothing yet", async () => {
    const { pca, calls } = fakeRedirectPca({});
    expect(await run(pca)).toEqual({ outcome: "redirecting", sent: [] });
    expect(calls).toEqual([
      "handleRedirect",
      "redirect:Mail.Read:https://tb.example/outlook/auth-dialog.html",
    ]);
  });

  it("back from Microsoft: sends the token and its expiry to the pane", async () => {
    const { pca } = fakeRedirectPca({ returning: true });
    expect(await run(pca)).toEqual({
      outcome: "sent",
      sent: [{ accessToken: "from-redirect", expiresOn: 5000 }],
    });
  });

  it("signed in before: answers from the cache without a redirect; an expired one signs in again", async () => {
    const cached = fakeRedirectPca({ cached: true });
    expect(await run(cached.pca)).toEqual({
      outcome: "sent",
      sent: [{ accessToken: "from-cache", expiresOn: 6000 }],
    });
    const expired = fakeRedirectPca({ cached: true, silentFails: true });
    expect((await run(expired.pca)).outcome).toBe("redirecting");
  });

  it("a refused sign-in is reported by its code", async () => {
    const { pca } = fakeRedirectPca({ failReturn: true });
    expect(await run(pca)).toEqual({ outcome: "sent", sent: [{ error: "access_denied" }] });
  });
});
