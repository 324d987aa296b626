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
import { appsScriptLimit_ } from "./api/apps-script-limits";
import {
  BACKGROUND_DAILY_BUDGET_MS,
  backgroundUsedMs_,
  recordBackgroundUse_,
} from "./sync/background-budget";
import { disableBackground_ } from "./sync/background-trigger";
import { runLabelSlice_, SLICE_BUDGET_MS, SyncBusyError } from "./sync/label-sync";

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
  try {
    const config = readConfig_();
    const opened = openedMessage_(event);
    if (!isConnected_(config) || !opened) return homeCard_();
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
 * Hourly: continue the current label sync, or catch up: every thread with mail since the last run began (less a
 * day of overlap), each with all its messages inside the lookback window — so a thread that got a reply while a
 * run was under way is synced whole, whichever run reaches it. Turns itself off when it cannot work,
 * keeps within its daily runtime budget, and stops quietly (the cursor is saved) when a Google quota runs out.
 */
export function onBackgroundSync_(_event: unknown): void {
  const config = readConfig_();
  if (!isConnected_(config) || !config.background || config.labels.length === 0) {
    disableBackground_();
    setBackground_(false);
    return;
  }
  const startedAtMs = Date.now();
  const usedMs = backgroundUsedMs_(new Date(startedAtMs));
  const budgetMs = Math.min(BACKGROUND_BUDGET_MS, BACKGROUND_DAILY_BUDGET_MS - usedMs);
  if (budgetMs < SLICE_BUDGET_MS) {
    console.log("Touchbase background sync: today's runtime budget is used up; continuing tomorrow.");
    return;
  }
  try {
    runLabelSlice_(config, { catchUp: true, startedAtMs, budgetMs });
  } catch (error) {
    // The user is syncing from the sidebar right now: that run holds the lock, this hour has nothing to do.
    if (error instanceof SyncBusyError) return;
    if (appsScriptLimit_(error) === null) throw error;
    console.warn(`Touchbase background sync stopped at a Google limit: ${String(error)}`);
  } finally {
    recordBackgroundUse_(new Date(startedAtMs), usedMs, Date.now() - startedAtMs);
  }
}
