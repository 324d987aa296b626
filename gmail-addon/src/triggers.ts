// The functions the manifest names (and the hourly trigger). Each returns a card, never throws at the user.
import { openedMessage_, type AddonEvent } from "./addon-event";
import { errorCard_ } from "./cards/error-card";
import { helpCard_ } from "./cards/help-card";
import { homepageCard_ } from "./cards/homepage-card";
import { universal_ } from "./cards/responses";
import { isConnected_, readConfig_, setBackground_ } from "./config/user-config";
import { cardForMessage_ } from "./handlers/message-handlers";
import { homeState_ } from "./handlers/home-handlers";
import { openCurrentMessage_ } from "./lookup/message-context";
import { disableBackground_ } from "./sync/background-trigger";
import { runLabelSlice_, SLICE_BUDGET_MS } from "./sync/label-sync";
import { readLastRun_ } from "./sync/sync-cursor";

type Card = GoogleAppsScript.Card_Service.Card;

/** Time-driven executions may run 6 minutes; background sync stops well before. */
export const BACKGROUND_BUDGET_MS = 5 * 60 * 1000;

function homeCard_(): Card {
  try {
    return homepageCard_(homeState_());
  } catch (error) {
    return errorCard_(error, { action: "home" });
  }
}

export function onHomepage_(_event: AddonEvent): Card {
  return homeCard_();
}

export function onGmailMessageOpen_(event: AddonEvent): Card {
  const config = readConfig_();
  if (!isConnected_(config)) return homeCard_();
  const opened = openedMessage_(event);
  if (!opened) return homeCard_();
  try {
    return cardForMessage_(openCurrentMessage_(opened), config);
  } catch (error) {
    console.error(`Touchbase could not show the message card: ${String(error)}`);
    return errorCard_(error, { action: "open" });
  }
}

export function onSettingsAction_(_event: AddonEvent): GoogleAppsScript.Card_Service.UniversalActionResponse {
  return universal_(homeCard_());
}

export function onSyncLabelsAction_(
  _event: AddonEvent,
): GoogleAppsScript.Card_Service.UniversalActionResponse {
  return universal_(homeCard_());
}

export function onHelpAction_(_event: AddonEvent): GoogleAppsScript.Card_Service.UniversalActionResponse {
  return universal_(helpCard_());
}

/**
 * Hourly: continue the current label sync, or start an incremental one over what arrived since the last run
 * began (a day of overlap is cheap: the backend answers "duplicate"). Turns itself off when it cannot work.
 */
export function onBackgroundSync_(_event: unknown): void {
  const config = readConfig_();
  if (!isConnected_(config) || !config.background || config.labels.length === 0) {
    disableBackground_();
    setBackground_(false);
    return;
  }
  const startedAtMs = Date.now();
  const last = readLastRun_();
  const since = last ? new Date(new Date(last.startedAt).getTime() - 86_400_000) : undefined;
  let first = true;
  while (Date.now() - startedAtMs < BACKGROUND_BUDGET_MS - SLICE_BUDGET_MS) {
    const result = runLabelSlice_(config, { since: first ? since : undefined });
    first = false;
    if (result.done) return;
  }
}
