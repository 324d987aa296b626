// Card actions of the homepage: connection, label choices, and running label sync.
import { formValue_, formValues_, parameter_, type AddonEvent } from "../addon-event";
import { touchbaseApi_ } from "../api/touchbase-api";
import { homepageCard_, countsLine_, type HomeState } from "../cards/homepage-card";
import { notify_, push_, update_ } from "../cards/responses";
import {
  configFrom_,
  isConnected_,
  readConfig_,
  saveConnection_,
  saveSyncChoices_,
  validateLabels_,
  validateLookback_,
  validateServerUrl_,
} from "../config/user-config";
import { disableBackground_, enableBackground_ } from "../sync/background-trigger";
import { cursorFrom_, lastRunFrom_ } from "../sync/sync-cursor";
import { runLabelSlice_ } from "../sync/label-sync";

type ActionResponse = GoogleAppsScript.Card_Service.ActionResponse;

function userLabels_(): string[] | null {
  try {
    return GmailApp.getUserLabels().map((label) => label.getName());
  } catch {
    return null;
  }
}

/** Everything the homepage shows, from one read of the user's properties (each read is a round trip). */
export function homeState_(): HomeState {
  const all = PropertiesService.getUserProperties().getProperties();
  const config = configFrom_(all);
  const connected = isConnected_(config);
  return {
    config,
    connected,
    labels: connected ? userLabels_() : [],
    cursor: connected ? cursorFrom_(all) : null,
    lastRun: connected ? lastRunFrom_(all) : null,
  };
}

export function homeHandler_(): ActionResponse {
  return push_(homepageCard_(homeState_()));
}

/** Signs in with the user's Google identity: the server says who that is in Touchbase (or why not) before saving. */
export function saveConnectionHandler_(event: AddonEvent): ActionResponse {
  const config = readConfig_();
  const serverUrl = validateServerUrl_(formValue_(event, "serverUrl") ?? config.serverUrl);
  const me = touchbaseApi_({ serverUrl }).api.me();
  saveConnection_(serverUrl, me.email);
  return update_(homepageCard_(homeState_()), `Signed in to Touchbase as ${me.email}.`);
}

export function saveSyncHandler_(event: AddonEvent): ActionResponse {
  const labels = validateLabels_(formValues_(event, "labels"));
  const lookback = validateLookback_(formValue_(event, "lookbackDays") ?? "");
  const background = formValues_(event, "background").includes("on");
  saveSyncChoices_(labels, lookback, background);
  if (background) enableBackground_();
  else disableBackground_();
  const notice = labels.length
    ? `Saved: ${labels.length} label${labels.length === 1 ? "" : "s"}, ${lookback} days${background ? ", continuing hourly in the background" : ""}.`
    : "Saved. Choose at least one label to sync.";
  return update_(homepageCard_(homeState_()), notice);
}

export function syncLabelsHandler_(event: AddonEvent): ActionResponse {
  const config = readConfig_();
  const result = runLabelSlice_(config, { restart: parameter_(event, "restart") === "1" });
  const notice = result.done
    ? `Label sync finished: ${countsLine_(result.lastRun!.counts)}.`
    : `Synced for 25 seconds: ${countsLine_(result.slice)}. Press Continue sync for more${config.background ? ", or let the hourly sync carry on" : ""}.`;
  return update_(homepageCard_(homeState_()), notice);
}

export function notConnectedNotice_(): ActionResponse {
  return notify_("Sign in to Touchbase first: open Settings and press Sign in.");
}
