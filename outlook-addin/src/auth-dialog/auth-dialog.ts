// auth-dialog.html: the Microsoft sign-in window for Outlook clients without nested app authentication, opened
// by the task pane with the Office dialog API (register this page's URL as an SPA redirect URI of the Entra app).
// In the harness the same page runs after a fake Office (harness-auth-dialog.html), against the simulated Entra.
import { createStandardPublicClientApplication } from "@azure/msal-browser";
import { entraApp } from "../auth/entra-app";
import { runAuthDialog, type RedirectPca } from "./run-auth-dialog";

async function main(): Promise<void> {
  await Office.onReady();
  const send = (message: string) => Office.context.ui.messageParent(message);
  const redirectUri = `${location.origin}${location.pathname}`;
  const app = entraApp();
  if (!app) return send(JSON.stringify({ error: "signin_not_configured" }));
  try {
    const pca = await createStandardPublicClientApplication({
      auth: { clientId: app.clientId, authority: app.authority, redirectUri },
      cache: { cacheLocation: "localStorage" },
    });
    // The pane asks for Touchbase's own scope (sign-in) or Graph's (folder sync); nothing else is honoured.
    const asked = new URLSearchParams(location.search).get("scope");
    const scopes = asked && asked === app.touchbaseScope ? [asked] : ["Mail.Read"];
    await runAuthDialog({ pca: pca as unknown as RedirectPca, scopes, redirectUri, send });
  } catch {
    send(JSON.stringify({ error: "signin_failed" }));
  }
}

void main();
