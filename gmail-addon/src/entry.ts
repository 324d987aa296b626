// The only thing this file does is expose the add-on's global functions to Apps Script (google/aside style).
// gas-webpack-plugin turns each assignment into a top-level `function name() {}` in Code.js, so the names in
// appsscript.json, the card actions and ScriptApp triggers can find them.
import { routeAction_ } from "./action-router";
import {
  onBackgroundSync_,
  onGmailMessageOpen_,
  onHelpAction_,
  onHomepage_,
  onSettingsAction_,
  onSyncLabelsAction_,
} from "./triggers";

declare const global: Record<string, unknown>;

global.onHomepage = onHomepage_;
global.onGmailMessageOpen = onGmailMessageOpen_;
global.onCardAction = routeAction_;
global.onSettingsAction = onSettingsAction_;
global.onSyncLabelsAction = onSyncLabelsAction_;
global.onHelpAction = onHelpAction_;
global.onBackgroundSync = onBackgroundSync_;
