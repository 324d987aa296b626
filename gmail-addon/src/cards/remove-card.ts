// "Remove from Touchbase" deletes the workspace's copy of an email: the card asks first, as the pane does.
import { action_, button_, buttons_, paragraph_, section_ } from "./card-parts";

export function confirmRemoveCard_(emailId: string, messageId: string): GoogleAppsScript.Card_Service.Card {
  return CardService.newCardBuilder()
    .setName("confirm-remove")
    .setHeader(CardService.newCardHeader().setTitle("Remove this email from Touchbase?"))
    .addSection(
      section_(null, [
        paragraph_(
          "Touchbase deletes its copy, so your colleagues no longer see it in the customer's history. The email stays in Gmail, and Sync this thread puts it back.",
        ),
        buttons_(
          button_("Remove", action_("removeEmail", { emailId, messageId }), true),
          button_("Cancel", action_("back")),
        ),
      ]),
    )
    .build();
}
