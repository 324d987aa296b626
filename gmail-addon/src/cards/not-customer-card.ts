// For every other email: one short line, and the classifier's reason behind "Why?". Nothing was sent.
import { addressForDisplay, type ClassificationReason, type LookupResult } from "../../../shared";
import type { MessageContext } from "../lookup/message-context";
import { action_, button_, buttons_, escape_, fact_, paragraph_, section_ } from "./card-parts";

export const NOT_CUSTOMER_CARD = "not-customer";

const REASONS: Record<ClassificationReason, string> = {
  customer: "It is a customer email.",
  "no-customer": "Nobody on this email belongs to a customer in Touchbase.",
  "internal-only": "Everyone on this email is from your own organisation.",
  excluded: "Someone on this email is excluded from Touchbase, so nothing from it is ever stored.",
  bulk: "It looks like a newsletter or mailing list (it has list or bulk-mail headers).",
  "auto-reply": "It is an automatic reply, such as an out-of-office message.",
  "no-reply": "It comes from a no-reply address.",
  calendar: "It is a calendar invitation or response.",
};

export function reasonSentence_(reason: ClassificationReason): string {
  return REASONS[reason] ?? REASONS["no-customer"];
}

function roleText_(ctx: MessageContext, address: string): string {
  const match = ctx.index.matchAddress(address, new Set([ctx.viewer.toLowerCase()]));
  const result = ctx.lookup.results.find((r) => r.email.toLowerCase() === address);
  if (match.excluded)
    return result?.exclusion?.scope === "workspace" ? "excluded by your workspace" : "excluded by you";
  if (match.role === "internal") return "your organisation";
  if (match.customerId) return `customer ${result?.customer?.name ?? ""}`.trim();
  if (!ctx.checked.includes(address)) return "not checked";
  return "not a customer";
}

/** The user's own exclusion that hides this email, so the card can offer to undo it. */
function ownExclusion_(results: LookupResult[]): { id: string; value: string } | null {
  const hit = results.find((r) => r.exclusion && r.exclusion.scope === "user");
  return hit?.exclusion ? { id: hit.exclusion.id, value: hit.exclusion.value } : null;
}

export function notCustomerCard_(ctx: MessageContext): GoogleAppsScript.Card_Service.Card {
  const reason = ctx.classification.reason;
  const roles = ctx.participants.slice(0, 10).map((a) => `${addressForDisplay(a)}: ${roleText_(ctx, a)}`);
  const widgets: GoogleAppsScript.Card_Service.Widget[] = [
    paragraph_("Touchbase keeps only customer emails, so this one stays in Gmail."),
    buttons_(button_("Why?", action_("why", { reason, roles: roles.join("\n") }))),
  ];
  const own = reason === "excluded" ? ownExclusion_(ctx.lookup.results) : null;
  if (own) {
    widgets.push(
      fact_("Excluded by you", addressForDisplay(own.value)),
      buttons_(
        button_(
          "Undo exclusion",
          action_("undoExclude", { id: own.id, value: own.value, messageId: ctx.read.gmailId }),
        ),
      ),
    );
  }
  return CardService.newCardBuilder()
    .setName(NOT_CUSTOMER_CARD)
    .setHeader(CardService.newCardHeader().setTitle("Not a customer email").setSubtitle("Nothing synced"))
    .addSection(section_(null, widgets))
    .addCardAction(CardService.newCardAction().setText("Refresh").setOnClickAction(action_("open")))
    .build();
}

export function whyCard_(reason: ClassificationReason, roles: string[]): GoogleAppsScript.Card_Service.Card {
  const people = roles.filter(Boolean).map((line) => {
    const cut = line.lastIndexOf(": ");
    return fact_(line.slice(cut + 2), line.slice(0, cut));
  });
  const card = CardService.newCardBuilder()
    .setName("why")
    .setHeader(CardService.newCardHeader().setTitle("Why nothing was synced"))
    .addSection(section_(null, [paragraph_(escape_(reasonSentence_(reason)))]));
  if (people.length) card.addSection(section_("People on this email", people));
  return card.build();
}
