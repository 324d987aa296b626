// ActionResponse shorthands: replace the current card, push one, or only show a notification.
type Card = GoogleAppsScript.Card_Service.Card;
type ActionResponse = GoogleAppsScript.Card_Service.ActionResponse;

export function update_(card: Card, notice?: string): ActionResponse {
  const builder = CardService.newActionResponseBuilder().setNavigation(
    CardService.newNavigation().updateCard(card),
  );
  if (notice) builder.setNotification(CardService.newNotification().setText(notice));
  return builder.build();
}

export function push_(card: Card): ActionResponse {
  return CardService.newActionResponseBuilder()
    .setNavigation(CardService.newNavigation().pushCard(card))
    .build();
}

/** Back to the first card of the stack and replace it (after a change that alters what it shows). */
export function resetTo_(card: Card, notice?: string): ActionResponse {
  const builder = CardService.newActionResponseBuilder().setNavigation(
    CardService.newNavigation().popToRoot().updateCard(card),
  );
  if (notice) builder.setNotification(CardService.newNotification().setText(notice));
  return builder.setStateChanged(true).build();
}

export function pop_(): ActionResponse {
  return CardService.newActionResponseBuilder().setNavigation(CardService.newNavigation().popCard()).build();
}

export function notify_(text: string): ActionResponse {
  return CardService.newActionResponseBuilder()
    .setNotification(CardService.newNotification().setText(text))
    .build();
}

export function universal_(card: Card): GoogleAppsScript.Card_Service.UniversalActionResponse {
  return CardService.newUniversalActionResponseBuilder().displayAddOnCards([card]).build();
}
