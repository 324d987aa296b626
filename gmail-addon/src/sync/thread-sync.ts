// "Sync this thread": every customer message of the opened thread, nothing else. Re-running it is safe: the
// backend answers "duplicate" for what it already has.
import { apiConfig_, touchbaseApi_ } from "../api/touchbase-api";
import { bumpCacheGeneration_, type UserConfig } from "../config/user-config";
import { viewerAddress_ } from "../lookup/message-context";
import { SyncSession, type SyncCounts } from "./sync-session";

export function syncThread_(message: GoogleAppsScript.Gmail.GmailMessage, config: UserConfig): SyncCounts {
  const thread = message.getThread();
  const threadId = thread.getId();
  // One call loads the whole thread; headers and bodies are read only for its customer messages.
  const loaded = thread
    .getMessages()
    .filter((m) => !m.isDraft())
    .map((m) => ({ message: m, threadId }));
  const { api } = touchbaseApi_(config);
  const session = new SyncSession(api, apiConfig_(config), viewerAddress_());
  const counts = session.syncMessages_(loaded);
  bumpCacheGeneration_();
  return counts;
}
