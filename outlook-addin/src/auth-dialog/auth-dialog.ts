// auth-dialog.html: the Microsoft sign-in window for Outlook clients without nested app authentication, opened
// by the task pane with the Office dialog API (register this page's URL as an SPA redirect URI of the Entra app).
import { createStandardPublicClientApplication } from "@azure/msal-browser";
import { entraAuthority, entraClientId, touchbaseApiScope } from "../graph/entra-client-id";
import { runAuthDialog, type RedirectPca } from "./run-auth-dialog";

async function main(): Promise<void> {
  await Office.onReady();
  const send = (message: string) => Office.context.ui.messageParent(message);
  const redirectUri = `${location.origin}${location.pathname}`;
  try {
    const pca = await createStandardPublicClientApplication({
      auth: {
        clientId: entraClientId(),
        authority: entraAuthority(),
        redirectUri,
      },
      cache: { cacheLocation: "localStorage" },
    });
    // The pane asks for Touchbase's own scope (sign-in) or Graph's (folder sync); nothing else is honoured.
    const asked = new URLSearchParams(location.search).get("scope");
    const scopes = asked && asked === touchbaseApiScope() ? [asked] : ["Mail.Read"];
    await runAuthDialog({ pca: pca as unknown as RedirectPca, scopes, redirectUri, send });
  } catch {
    send(JSON.stringify({ error: "signin_failed" }));
  }
}

void main();
