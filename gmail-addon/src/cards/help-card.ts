import { linkButton_, paragraph_, section_ } from "./card-parts";

export function helpCard_(): GoogleAppsScript.Card_Service.Card {
  return CardService.newCardBuilder()
    .setName("help")
    .setHeader(CardService.newCardHeader().setTitle("Touchbase help"))
    .addSection(
      section_("What it does", [
        paragraph_(
          "Open an email to see whether it belongs to a customer, the customer's profile and your recent threads with them.",
        ),
        paragraph_(
          "Only customer emails are ever sent to Touchbase. For other emails only the addresses of the people on it are checked, and nothing is stored.",
        ),
      ]),
    )
    .addSection(
      section_("Syncing", [
        paragraph_(
          "<b>Sync this thread</b> stores the customer emails of the open thread. Running it twice stores nothing twice.",
        ),
        paragraph_(
          "<b>Sync labels</b> walks the labels you choose, newest first, in steps of up to 25 seconds. Turn on background sync to let it continue every hour.",
        ),
        paragraph_("<b>Exclude</b> a sender or domain and Touchbase never stores their emails."),
      ]),
    )
    .addSection(
      section_(null, [
        paragraph_(`Add-on build ${TOUCHBASE_BUILD_VERSION}`),
        CardService.newButtonSet().addButton(linkButton_("Open Touchbase", TOUCHBASE_PUBLIC_URL)),
      ]),
    )
    .build();
}
