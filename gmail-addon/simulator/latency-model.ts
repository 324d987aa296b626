// The modelled cost of Apps Script service calls. The script clock is real JavaScript time plus these costs, so
// execution limits, the benchmark's "script clock" figures and label sync's slices see roughly what a script sees
// on Google's servers, where a service call is a round trip to a backend and JavaScript is the cheap part.
//
// Google documents no latencies. These are assumptions, fixed before tuning anything and explained in
// ../README.md ("Latency model"): storage costs from two published measurements of Apps Script, Gmail reads
// modelled like a storage read, batch calls as one round trip plus a small cost per item they carry.

/** One round trip from the script to a Google backend that reads stored data (≈ a PropertiesService read). */
export const ROUND_TRIP_MS = 30;
/** What each further item adds to a batch call (a thread listed, a message loaded): server work and transfer. */
export const PER_ITEM_MS = 1;
/** A getter answered from data the script already holds (a message's summary after a batch load). */
export const LOCAL_MS = 0.02;
/** Loading a message's body parts: a round trip plus a larger payload than the headers. */
export const BODY_LOAD_MS = 40;

/** Fixed costs by call kind; kinds not listed cost LOCAL_MS. */
const FIXED_MS: Record<string, number> = {
  "GmailApp.getMessageById": ROUND_TRIP_MS,
  "GmailApp.getThreadById": ROUND_TRIP_MS,
  "GmailApp.getUserLabels": ROUND_TRIP_MS,
  "GmailApp.getUserLabelByName": ROUND_TRIP_MS,
  "GmailMessage.getRawContent": BODY_LOAD_MS,
  // Peralta (ziritione.org, 100 runs): getProperty avg 30–34 ms, setProperty 62–64 ms, cache get 3–4 ms,
  // cache put 92 ms; Poehnelt (justin.poehnelt.com, 100 runs): cache put+get 63 ms, properties set+get 80 ms.
  "PropertiesService.read": 30,
  "PropertiesService.write": 60,
  "CacheService.read": 4,
  "CacheService.write": 60,
  // Locks and triggers are stored state too.
  "LockService.tryLock": ROUND_TRIP_MS,
  "LockService.releaseLock": 10,
  "ScriptApp.getProjectTriggers": ROUND_TRIP_MS,
  "ScriptApp.newTrigger": 60,
  "ScriptApp.deleteTrigger": ROUND_TRIP_MS,
  // An ID token for the user comes from Google's token service: modelled as one round trip (once per execution).
  "ScriptApp.getIdentityToken": ROUND_TRIP_MS,
};

/** Calls that carry many items: one round trip plus PER_ITEM_MS per item. */
const BATCH = new Set([
  "GmailApp.search",
  "GmailLabel.getThreads",
  "GmailApp.getMessagesForThreads",
  "GmailThread.getMessages",
]);

/** The modelled cost of one call of `kind` carrying `items` items (threads listed, messages loaded). */
export function latencyOf(kind: string, items = 0): number {
  if (BATCH.has(kind)) return ROUND_TRIP_MS + PER_ITEM_MS * items;
  return FIXED_MS[kind] ?? LOCAL_MS;
}
