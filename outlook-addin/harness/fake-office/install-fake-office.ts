// Runs first in the harness's add-in frames (before the task-pane or commands bundle): installs the fake
// `Office`, connected to the harness page by postMessage, and tells the add-in which simulated world it is in.
// The page passes its origin and that world in the frame's address, so both are known before any code runs.
import { createFakeOffice } from "./fake-office";
import { connectRemoteHost, parentWindowPort } from "./remote-host";

const query = new URLSearchParams(window.location.search);
const hostOrigin = query.get("host");
if (window.parent === window || !hostOrigin) {
  document.addEventListener("DOMContentLoaded", () => {
    document.body.textContent =
      "This page runs inside the Touchbase harness: open /outlook/harness.html instead.";
  });
} else {
  const environment = {
    graphUrl: query.get("graphUrl") || null,
    mailbox: query.get("mailbox") ?? "",
    storeName: query.get("store") ?? "touchbase-harness",
  };
  const host = connectRemoteHost(parentWindowPort(hostOrigin), environment);
  const fake = createFakeOffice(host);
  Object.assign(window, { Office: fake.office, touchbaseHarness: environment });
  window.addEventListener("pagehide", () => {
    fake.dispose();
    host.close();
  });
}
