// Card actions about the opened message. Each needs the message again, which Gmail's action event provides
// together with a fresh access token.
import { addressForDisplay, ClassificationReasonSchema } from "../../../shared";
import { openedMessage_, parameter_, type AddonEvent } from "../addon-event";
import { touchbaseApi_ } from "../api/touchbase-api";
import { confirmExclusionCard_, exclusionDoneCard_, exclusionOptionsCard_ } from "../cards/exclusion-cards";
import { messageCard_, syncedNotice_ } from "../cards/message-card";
import { notCustomerCard_, whyCard_ } from "../cards/not-customer-card";
import { confirmRemoveCard_ } from "../cards/remove-card";
import { push_, resetTo_, update_ } from "../cards/responses";
import { bumpCacheGeneration_, ConfigError, readConfig_, type UserConfig } from "../config/user-config";
import { messageContext_, openCurrentMessage_, type CurrentMessage } from "../lookup/message-context";
import { syncThread_ } from "../sync/thread-sync";

type Card = GoogleAppsScript.Card_Service.Card;
type ActionResponse = GoogleAppsScript.Card_Service.ActionResponse;

function currentMessage_(event: AddonEvent): CurrentMessage {
  const opened = openedMessage_(event);
  if (!opened) throw new ConfigError("no_message", "Open an email first, then try again.");
  return openCurrentMessage_(opened);
}

/** The card for a message: the customer card, or "not a customer email". */
export function cardForMessage_(current: CurrentMessage, config: UserConfig): Card {
  const ctx = messageContext_(current, config);
  return ctx.classification.related ? messageCard_(ctx) : notCustomerCard_(ctx);
}

export function openHandler_(event: AddonEvent): ActionResponse {
  return resetTo_(cardForMessage_(currentMessage_(event), readConfig_()));
}

export function whyHandler_(event: AddonEvent): ActionResponse {
  const reason = ClassificationReasonSchema.catch("no-customer").parse(parameter_(event, "reason"));
  return push_(whyCard_(reason, parameter_(event, "roles").split("\n")));
}

export function syncThreadHandler_(event: AddonEvent): ActionResponse {
  const config = readConfig_();
  const current = currentMessage_(event);
  const counts = syncThread_(current.message, config);
  return resetTo_(cardForMessage_(current, readConfig_()), syncedNotice_(counts));
}

export function confirmRemoveHandler_(event: AddonEvent): ActionResponse {
  const emailId = parameter_(event, "emailId");
  if (!emailId) throw new ConfigError("no_email", "This email is not in Touchbase.");
  return push_(confirmRemoveCard_(emailId, parameter_(event, "messageId")));
}

export function removeEmailHandler_(event: AddonEvent): ActionResponse {
  const config = readConfig_();
  const emailId = parameter_(event, "emailId");
  if (!emailId) throw new ConfigError("no_email", "This email is not in Touchbase.");
  const current = currentMessage_(event);
  touchbaseApi_(config).api.removeEmail(emailId);
  bumpCacheGeneration_();
  return resetTo_(cardForMessage_(current, readConfig_()), "Removed from Touchbase.");
}

/** "Make private" / "Share with team" on one of the user's synced emails (issue 12). */
export function setPrivateHandler_(event: AddonEvent): ActionResponse {
  const config = readConfig_();
  const emailId = parameter_(event, "emailId");
  if (!emailId) throw new ConfigError("no_email", "This email is not in Touchbase.");
  const makePrivate = parameter_(event, "private") === "true";
  const current = currentMessage_(event);
  touchbaseApi_(config).api.setEmailPrivate({ id: emailId, private: makePrivate });
  bumpCacheGeneration_();
  return resetTo_(
    cardForMessage_(current, readConfig_()),
    makePrivate
      ? "The thread is private: only the people who synced it can read it."
      : "The thread is shared with your team again.",
  );
}

function exclusionTarget_(event: AddonEvent): { kind: "address" | "domain"; value: string } {
  const kind = parameter_(event, "kind");
  const value = parameter_(event, "value").trim().toLowerCase();
  if ((kind !== "address" && kind !== "domain") || !value) {
    throw new ConfigError("bad_exclusion", "That exclusion is not valid. Reopen the email and try again.");
  }
  return { kind, value };
}

export function excludeOptionsHandler_(event: AddonEvent): ActionResponse {
  return push_(exclusionOptionsCard_(parameter_(event, "address"), parameter_(event, "messageId")));
}

export function confirmExcludeHandler_(event: AddonEvent): ActionResponse {
  const { kind, value } = exclusionTarget_(event);
  return push_(confirmExclusionCard_(kind, value, parameter_(event, "messageId")));
}

export function excludeHandler_(event: AddonEvent): ActionResponse {
  const { kind, value } = exclusionTarget_(event);
  const created = touchbaseApi_(readConfig_()).api.createExclusion({
    kind,
    value,
    scope: "user",
    purge: true,
  });
  bumpCacheGeneration_();
  return update_(exclusionDoneCard_(created, parameter_(event, "messageId")));
}

export function undoExcludeHandler_(event: AddonEvent): ActionResponse {
  const id = parameter_(event, "id");
  if (!id)
    throw new ConfigError("bad_exclusion", "That exclusion is not valid. Reopen the email and try again.");
  touchbaseApi_(readConfig_()).api.deleteExclusion(id);
  bumpCacheGeneration_();
  const notice = `${addressForDisplay(parameter_(event, "value"))} is no longer excluded. Sync the thread again to store its emails.`;
  const opened = openedMessage_(event);
  if (!opened)
    return update_(
      CardService.newCardBuilder()
        .setHeader(CardService.newCardHeader().setTitle("Exclusion removed"))
        .addSection(CardService.newCardSection().addWidget(CardService.newTextParagraph().setText(notice)))
        .build(),
    );
  return resetTo_(cardForMessage_(openCurrentMessage_(opened), readConfig_()), notice);
}
