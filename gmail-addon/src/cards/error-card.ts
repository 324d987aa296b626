// What a user sees when something fails: a sentence, a retry, and a way to the settings. Never a stack trace.
import { ApiError, userMessage } from "../../../shared";
import { appsScriptLimit_, LIMIT_SENTENCES } from "../api/apps-script-limits";
import { ConfigError } from "../config/user-config";
import { SyncBusyError } from "../sync/label-sync";
import { action_, button_, buttons_, escape_, paragraph_, section_ } from "./card-parts";

export interface UserFacingError {
  code: string;
  title: string;
  sentence: string;
}

export function describeError_(error: unknown): UserFacingError {
  if (error instanceof ApiError) {
    if (error.code === "unreachable")
      return { code: error.code, title: "Can't reach Touchbase", sentence: error.message };
    if (error.code === "quota_exhausted")
      return { code: error.code, title: "Google quota used up", sentence: error.message };
    if (error.status === 401 || error.status === 403) {
      // The server's sentence says why (not a member, deactivated, a token it cannot verify) and what to do.
      return { code: error.code, title: "Touchbase did not let you in", sentence: error.message };
    }
    return { code: error.code, title: "Touchbase had a problem", sentence: error.message };
  }
  if (error instanceof ConfigError || error instanceof SyncBusyError) {
    return { code: error.code, title: "Touchbase", sentence: error.message };
  }
  const limit = appsScriptLimit_(error);
  if (limit === "execution-time") {
    return { code: "time_limit", title: "That took too long", sentence: LIMIT_SENTENCES[limit] };
  }
  if (limit !== null) {
    return { code: "quota_exhausted", title: "Google quota used up", sentence: LIMIT_SENTENCES[limit] };
  }
  return { code: "internal", title: "Something went wrong", sentence: userMessage(error) };
}

export function errorCard_(
  error: unknown,
  retry: { action: string; params?: Record<string, string> },
): GoogleAppsScript.Card_Service.Card {
  const described = describeError_(error);
  return CardService.newCardBuilder()
    .setName("error")
    .setHeader(CardService.newCardHeader().setTitle(described.title))
    .addSection(
      section_(null, [
        paragraph_(escape_(described.sentence)),
        buttons_(
          button_("Retry", action_(retry.action, retry.params ?? {}), true),
          button_("Settings", action_("home")),
        ),
      ]),
    )
    .build();
}
