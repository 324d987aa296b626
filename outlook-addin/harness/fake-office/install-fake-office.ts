// Runs first in the harness's add-in frames (before the task-pane or commands bundle): installs the fake
// `Office`, connected to the harness page by postMessage, and tells the add-in which simulated world it is in.
// The page passes its origin and that world in the frame's address, so both are known before any code runs.
import { createFakeOffice } from "./fake-office";
import { connectRemoteHost, parentWindowPort } from "./remote-host";
import { createFakeNaaBridge } from "./fake-naa-bridge";

const query = new URLSearchParams(window.location.search);
const hostOrigin = query.get("host");
if (window.parent === window || !hostOrigin) {
  document.addEventListener("DOMContentLoaded", () => {
    document.body.textContent =
      "This page runs inside the Touchbase harness: open /outlook/harness.html instead.";
  });
} else {
  const graphUrl = query.get("graphUrl") || null;
  const clientId = query.get("entraClientId");
  const tenantId = query.get("entraTenant");
  const entra = graphUrl && clientId && tenantId ? { clientId, tenantId } : null;
  const environment = {
    graphUrl,
    mailbox: query.get("mailbox") ?? "",
    storeName: query.get("store") ?? "touchbase-harness",
    entra,
  };
  const host = connectRemoteHost(parentWindowPort(hostOrigin), environment);
  // Outlook's NAA broker, simulated: MSAL in the add-in finds it where Office.js puts it.
  const nestedAppAuth = entra !== null && query.get("naa") !== "0";
  if (nestedAppAuth) {
    const endpoint = `${new URL(graphUrl!).origin}/entra/naa`;
    Object.assign(window, {
      nestedAppAuthBridge: createFakeNaaBridge({ endpoint, mailbox: environment.mailbox }),
    });
  }
  // Without NAA the add-in signs in through the Office dialog API, as Microsoft's NAA samples fall back; the
  // dialog's page learns the simulated Entra's app and tenant from its address.
  const dialogWorld = entra
    ? { entraClientId: entra.clientId, entraTenant: entra.tenantId, mailbox: environment.mailbox }
    : undefined;
  const fake = createFakeOffice(host, { nestedAppAuth, dialogWorld });
  Object.assign(window, { Office: fake.office, touchbaseHarness: environment });
  window.addEventListener("pagehide", () => {
    fake.dispose();
    host.close();
  });
}
