// Runs first in the harness's add-in frames (before the task-pane or commands bundle): installs the fake
// `Office` driven by the harness page, and tells the add-in which simulated world it is in.
import { createFakeOffice } from "./fake-office";
import { HOST_GLOBAL, type HarnessHost } from "./harness-host";

const host = (window.parent as unknown as Record<string, HarnessHost | undefined>)[HOST_GLOBAL];
if (!host || window.parent === window) {
  document.addEventListener("DOMContentLoaded", () => {
    document.body.textContent =
      "This page runs inside the Touchbase harness: open /outlook/harness.html instead.";
  });
} else {
  const fake = createFakeOffice(host);
  Object.assign(window, { Office: fake.office, touchbaseHarness: { ...host.environment } });
  window.addEventListener("pagehide", () => fake.dispose());
}
