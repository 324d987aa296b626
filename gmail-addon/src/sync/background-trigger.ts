// The optional hourly trigger that continues label sync without the sidebar open. Needs the
// script.scriptapp scope; add-ons may run a time-driven trigger at most once an hour.
export const BACKGROUND_FUNCTION = "onBackgroundSync";

function ours_(): GoogleAppsScript.Script.Trigger[] {
  return ScriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === BACKGROUND_FUNCTION);
}

export function enableBackground_(): void {
  if (ours_().length > 0) return;
  ScriptApp.newTrigger(BACKGROUND_FUNCTION).timeBased().everyHours(1).create();
}

export function disableBackground_(): void {
  for (const trigger of ours_()) ScriptApp.deleteTrigger(trigger);
}
