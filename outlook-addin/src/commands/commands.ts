// The ribbon's function file (commands.html): registers the ExecuteFunction handlers named in manifest.xml.
import { signInToTouchbase } from "../auth/sign-in";
import { notConfiguredError } from "../auth/sign-in-errors";
import { harnessEnvironment } from "../auth/entra-app";
import { graphForEnvironment, touchbaseTokensForEnvironment } from "../taskpane/runtime-env";
import { syncFolderHandler } from "./sync-folder-command";

const syncFolder = syncFolderHandler({
  graph: () => graphForEnvironment()?.graph ?? null,
  async signIn(settings) {
    const tokens = touchbaseTokensForEnvironment();
    if (!tokens) throw notConfiguredError();
    return signInToTouchbase({
      serverUrl: settings.serverUrl,
      tokens,
      interactive: false,
      legacyApiToken: settings.apiToken,
    });
  },
  storeName: harnessEnvironment()?.storeName,
});

Office.onReady(() => {
  // The name must match <FunctionName> in manifest.xml (checked against this built bundle by the manifest tests).
  Office.actions.associate("syncFolder", syncFolder);
});
