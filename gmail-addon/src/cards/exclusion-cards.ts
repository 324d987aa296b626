// Excluding a sender or domain: the sender's options, a confirmation (it deletes what you synced from them),
// and a result with Undo.
import {
  addressDomain,
  addressForDisplay,
  domainForDisplay,
  isPersonalDomain,
  type ExclusionCreated,
} from "../../../shared";
import { action_, button_, buttons_, escape_, paragraph_, plural_, section_ } from "./card-parts";

export interface ExclusionChoice {
  text: "Exclude sender" | "Exclude domain";
  action: GoogleAppsScript.Card_Service.Action;
}

/**
 * What can be excluded for a sender: the address, and its domain unless that is a personal mail provider
 * (excluding gmail.com would hide every customer contact who writes from Gmail). Each leads to the confirmation.
 */
export function exclusionChoices_(address: string, messageId: string): ExclusionChoice[] {
  const choices: ExclusionChoice[] = [
    {
      text: "Exclude sender",
      action: action_("confirmExclude", { kind: "address", value: address, messageId }),
    },
  ];
  const domain = addressDomain(address);
  if (domain && !isPersonalDomain(domain)) {
    choices.push({
      text: "Exclude domain",
      action: action_("confirmExclude", { kind: "domain", value: domain, messageId }),
    });
  }
  return choices;
}

export function exclusionOptionsCard_(
  address: string,
  messageId: string,
): GoogleAppsScript.Card_Service.Card {
  const choices = exclusionChoices_(address, messageId).map((c) => button_(c.text, c.action));
  return CardService.newCardBuilder()
    .setName("exclude-options")
    .setHeader(
      CardService.newCardHeader().setTitle("Exclude from Touchbase").setSubtitle(addressForDisplay(address)),
    )
    .addSection(
      section_(null, [
        paragraph_("Emails from an excluded sender or domain are never stored in Touchbase."),
        buttons_(...choices),
      ]),
    )
    .build();
}

export function confirmExclusionCard_(
  kind: "address" | "domain",
  value: string,
  messageId: string,
): GoogleAppsScript.Card_Service.Card {
  const what =
    kind === "address"
      ? escape_(addressForDisplay(value))
      : `everyone at ${escape_(domainForDisplay(value))}`;
  return CardService.newCardBuilder()
    .setName("confirm-exclude")
    .setHeader(
      CardService.newCardHeader().setTitle(kind === "address" ? "Exclude sender?" : "Exclude domain?"),
    )
    .addSection(
      section_(null, [
        paragraph_(
          `Touchbase will never store emails from ${what}. Emails from them that you already synced are deleted from Touchbase.`,
        ),
        buttons_(
          button_("Exclude", action_("exclude", { kind, value, messageId }), true),
          button_("Cancel", action_("back")),
        ),
      ]),
    )
    .build();
}

export function exclusionDoneCard_(
  created: ExclusionCreated,
  messageId: string,
): GoogleAppsScript.Card_Service.Card {
  const what =
    created.kind === "address"
      ? escape_(addressForDisplay(created.value))
      : `everyone at ${escape_(domainForDisplay(created.value))}`;
  const deleted = created.purged ? ` ${plural_(created.purged, "stored email")} deleted.` : "";
  return CardService.newCardBuilder()
    .setName("excluded")
    .setHeader(CardService.newCardHeader().setTitle("Excluded"))
    .addSection(
      section_(null, [
        paragraph_(`Touchbase will not store emails from ${what}.${deleted}`),
        buttons_(
          button_("Undo", action_("undoExclude", { id: created.id, value: created.value, messageId })),
          button_("Back to email", action_("open")),
        ),
      ]),
    )
    .build();
}
