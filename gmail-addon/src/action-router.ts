// One global function (onCardAction) serves every button: the "action" parameter picks the handler. A handler
// that throws becomes a notification (bad input) or an error card with Retry — never a stack trace.
import { parameter_, type AddonEvent } from "./addon-event";
import { errorCard_ } from "./cards/error-card";
import { notify_, pop_, update_ } from "./cards/responses";
import { ConfigError, isConnected_, readConfig_ } from "./config/user-config";
import {
  homeHandler_,
  notConnectedNotice_,
  saveConnectionHandler_,
  saveSyncHandler_,
  syncLabelsHandler_,
} from "./handlers/home-handlers";
import {
  confirmExcludeHandler_,
  confirmRemoveHandler_,
  excludeHandler_,
  excludeOptionsHandler_,
  openHandler_,
  removeEmailHandler_,
  setPrivateHandler_,
  syncThreadHandler_,
  undoExcludeHandler_,
  whyHandler_,
} from "./handlers/message-handlers";
import { SyncBusyError } from "./sync/label-sync";

type ActionResponse = GoogleAppsScript.Card_Service.ActionResponse;
type Handler = (event: AddonEvent) => ActionResponse;

/** Handlers that work without a connection (they are how one connects, or need no server). */
const OFFLINE = new Set(["saveConnection", "home", "back", "why"]);

const HANDLERS: Record<string, Handler> = {
  open: openHandler_,
  why: whyHandler_,
  syncThread: syncThreadHandler_,
  confirmRemove: confirmRemoveHandler_,
  removeEmail: removeEmailHandler_,
  setPrivate: setPrivateHandler_,
  excludeOptions: excludeOptionsHandler_,
  confirmExclude: confirmExcludeHandler_,
  exclude: excludeHandler_,
  undoExclude: undoExcludeHandler_,
  home: homeHandler_,
  back: () => pop_(),
  saveConnection: saveConnectionHandler_,
  saveSync: saveSyncHandler_,
  syncLabels: syncLabelsHandler_,
};

export function routeAction_(event: AddonEvent): ActionResponse {
  const name = parameter_(event, "action");
  const handler = Object.prototype.hasOwnProperty.call(HANDLERS, name) ? HANDLERS[name] : undefined;
  if (!handler) return notify_("That button belongs to an older version of Touchbase. Reopen the add-on.");
  try {
    if (!OFFLINE.has(name) && !isConnected_(readConfig_())) return notConnectedNotice_();
    return handler(event);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof SyncBusyError) return notify_(error.message);
    console.error(`Touchbase action ${name} failed: ${String(error)}`);
    const params = { ...(event.commonEventObject?.parameters ?? event.parameters ?? {}) };
    delete params.action;
    return update_(errorCard_(error, { action: name, params }));
  }
}
