// The ribbon's function file (commands.html): registers the ExecuteFunction handlers named in manifest.xml.
import { graphForEnvironment, harnessEnvironment } from "../taskpane/runtime-env";
import { syncFolderHandler } from "./sync-folder-command";

const syncFolder = syncFolderHandler({
  graph: () => graphForEnvironment()?.graph ?? null,
  storeName: harnessEnvironment()?.storeName,
});

Office.onReady(() => {
  // The name must match <FunctionName> in manifest.xml (checked against this built bundle by the manifest tests).
  Office.actions.associate("syncFolder", syncFolder);
});
