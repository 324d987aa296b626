// The sidebar for a customer email: who the customer is and why, profile and last touch, recent threads,
// this email's sync state and what the user can do about it.
import {
  addressForDisplay,
  clipText,
  displayedAttributes,
  emailTitle,
  medianLine,
  NOTHING_WAITING,
  SIGNAL_LABELS,
  privacyActionLabel,
  waitingLine,
  type Customer,
  type EmailSummary,
  type LookupResult,
  type Signals,
} from "../../../shared";
import { senderAddress_ } from "../gmail/read-message";
import type { MessageContext } from "../lookup/message-context";
import {
  action_,
  button_,
  buttons_,
  escape_,
  fact_,
  paragraph_,
  plural_,
  section_,
  when_,
} from "./card-parts";
import { exclusionChoices_ } from "./exclusion-cards";

export const MESSAGE_CARD = "message";
const MAX_CUSTOMERS = 3;
const MAX_ATTRIBUTES = 8;
const MAX_THREADS = 5;

const VIA_TEXT = {
  contact: "Known contact",
  domain: "Company domain",
  subdomain: "Subdomain of their domain",
} as const;

function customerOf_(results: LookupResult[], id: string): Customer | null {
  return results.find((r) => r.customer?.id === id)?.customer ?? null;
}

/** The customer's recent emails grouped by thread, newest thread first. */
export function recentThreads_(results: LookupResult[], customerId: string): EmailSummary[] {
  const byThread = new Map<string, EmailSummary>();
  for (const result of results) {
    if (result.customer?.id !== customerId) continue;
    for (const email of result.recentEmails) {
      // A colleague's private thread has no thread key (issue 12): it stands alone.
      const key = email.threadKey ?? email.id;
      const seen = byThread.get(key);
      if (!seen || seen.sentAt < email.sentAt) byThread.set(key, email);
    }
  }
  return [...byThread.values()].sort((a, b) => (a.sentAt < b.sentAt ? 1 : -1)).slice(0, MAX_THREADS);
}

/** Who waits on whom and how fast the team answers (one wording with the Outlook pane: shared/signals). */
function signalFacts_(signals: Signals, now: Date): GoogleAppsScript.Card_Service.Widget[] {
  const waiting = waitingLine(signals, now);
  const thread = signals.awaitingReply[0];
  const median = medianLine(signals);
  return [
    waiting && thread
      ? fact_(SIGNAL_LABELS.waiting, waiting.text, `Thread: ${emailTitle(thread)}`, CardService.Icon.CLOCK)
      : fact_(SIGNAL_LABELS.waiting, NOTHING_WAITING.text, undefined, CardService.Icon.CLOCK),
    fact_(SIGNAL_LABELS.median, median.text, "First replies, last 90 days", CardService.Icon.CLOCK),
    fact_(
      "Last emails",
      `From the customer ${when_(signals.lastInboundAt, now)} · from your team ${when_(signals.lastOutboundAt, now)}`,
      undefined,
      CardService.Icon.EMAIL,
    ),
  ];
}

function customerSections_(ctx: MessageContext, now: Date): GoogleAppsScript.Card_Service.CardSection[] {
  const sections: GoogleAppsScript.Card_Service.CardSection[] = [];
  const matches = ctx.classification.customers.slice(0, MAX_CUSTOMERS);
  for (const match of matches) {
    const customer = customerOf_(ctx.lookup.results, match.customerId);
    if (!customer) continue;
    const why = match.matchedBy.map((m) =>
      fact_(VIA_TEXT[m.via], addressForDisplay(m.address), undefined, CardService.Icon.PERSON),
    );
    const attributes = displayedAttributes(customer.attributes, { locale: "en-US" })
      .slice(0, MAX_ATTRIBUTES)
      .map((line) => fact_(line.label, line.text));
    const signals = customer.signals ? signalFacts_(customer.signals, now) : [];
    const profile = section_(matches.length > 1 ? customer.name : "Customer", [
      ...why,
      fact_("Last touch", when_(customer.lastTouchAt, now), undefined, CardService.Icon.CLOCK),
      ...signals,
      ...attributes,
    ]);
    if (attributes.length > 2) {
      profile.setCollapsible(true).setNumUncollapsibleWidgets(why.length + 1 + signals.length + 1);
    }
    sections.push(profile);
    const threads = recentThreads_(ctx.lookup.results, customer.id);
    sections.push(
      section_(
        `Recent history with ${customer.name}`,
        threads.length
          ? threads.map((t) => threadFact_(t, ctx.read.gmailId, now))
          : [paragraph_("No emails with this customer in Touchbase yet.")],
      ),
    );
  }
  if (ctx.classification.customers.length > MAX_CUSTOMERS) {
    sections.push(
      section_(null, [
        paragraph_(`…and ${ctx.classification.customers.length - MAX_CUSTOMERS} more customers.`),
      ]),
    );
  }
  return sections;
}

/**
 * One recent thread: a lock on a private thread (the label "Private thread", and "Private — synced by Dana" on a colleague's), and on the
 * user's own synced email the "Make private" / "Share with team" button (issue 12).
 */
function threadFact_(
  t: EmailSummary,
  messageId: string,
  now: Date,
): GoogleAppsScript.Card_Service.DecoratedText {
  const details = [
    t.threadCount !== undefined ? plural_(t.threadCount, "email") : "",
    t.snippet ? clipText(t.snippet, 80) : "",
  ].filter(Boolean);
  const fact = fact_(
    t.private ? `Private thread · ${when_(t.sentAt, now)}` : when_(t.sentAt, now),
    emailTitle(t),
    details.join(" · ") || undefined,
    CardService.Icon.EMAIL,
  );
  if (!t.syncedByMe) return fact;
  const makePrivate = !t.private;
  return fact.setButton(
    button_(
      privacyActionLabel(Boolean(t.private)),
      action_("setPrivate", { messageId, emailId: t.id, private: String(makePrivate) }),
    ),
  );
}

function syncSection_(ctx: MessageContext): GoogleAppsScript.Card_Service.CardSection {
  const state = ctx.lookup.message;
  const params = { messageId: ctx.read.gmailId };
  const widgets: GoogleAppsScript.Card_Service.Widget[] = [];
  if (state?.emailId) {
    widgets.push(
      fact_(
        "This email",
        state.syncedByMe ? "Synced to Touchbase by you" : "In Touchbase (synced by a colleague)",
        undefined,
        CardService.Icon.BOOKMARK,
      ),
    );
    widgets.push(
      buttons_(
        button_("Sync this thread", action_("syncThread", params)),
        button_("Remove from Touchbase", action_("confirmRemove", { ...params, emailId: state.emailId })),
      ),
    );
  } else {
    widgets.push(fact_("This email", "Not synced yet", undefined, CardService.Icon.BOOKMARK));
    widgets.push(buttons_(button_("Sync this thread", action_("syncThread", params), true)));
  }
  if (ctx.checked.length < ctx.participants.length) {
    widgets.push(
      paragraph_(
        `Only ${ctx.checked.length} of ${ctx.participants.length} people on this email were checked.`,
      ),
    );
  }
  return section_("Sync", widgets);
}

function senderSection_(ctx: MessageContext): GoogleAppsScript.Card_Service.CardSection | null {
  const sender = senderAddress_(ctx.read.mail);
  if (!sender || sender === ctx.viewer.toLowerCase()) return null;
  const more = CardService.newTextButton()
    .setText("Exclude…")
    .setOnClickAction(action_("excludeOptions", { address: sender, messageId: ctx.read.gmailId }));
  return section_(null, [
    CardService.newDecoratedText()
      .setTopLabel("From")
      .setText(escape_(addressForDisplay(sender)))
      .setWrapText(true)
      .setButton(more),
  ]);
}

/** The exclusion choices again in the card's overflow menu. */
function exclusionActions_(
  sender: string | null,
  messageId: string,
): GoogleAppsScript.Card_Service.CardAction[] {
  if (!sender) return [];
  return exclusionChoices_(sender, messageId).map((c) =>
    CardService.newCardAction().setText(c.text).setOnClickAction(c.action),
  );
}

export function messageCard_(ctx: MessageContext, now = new Date()): GoogleAppsScript.Card_Service.Card {
  const names = ctx.classification.customers
    .map((m) => customerOf_(ctx.lookup.results, m.customerId)?.name)
    .filter((n): n is string => Boolean(n));
  const header = CardService.newCardHeader()
    .setTitle(names.length === 1 ? names[0] : plural_(names.length, "customer"))
    .setSubtitle(names.length === 1 ? "Customer email" : names.join(", "));
  const card = CardService.newCardBuilder().setName(MESSAGE_CARD).setHeader(header);
  // The action first: whether this email is in Touchbase and Sync, above the profile and the history.
  card.addSection(syncSection_(ctx));
  for (const section of customerSections_(ctx, now)) card.addSection(section);
  const sender = senderSection_(ctx);
  if (sender) card.addSection(sender);
  const senderAddress = senderAddress_(ctx.read.mail);
  for (const cardAction of exclusionActions_(
    senderAddress === ctx.viewer.toLowerCase() ? null : senderAddress,
    ctx.read.gmailId,
  )) {
    card.addCardAction(cardAction);
  }
  card.addCardAction(CardService.newCardAction().setText("Refresh").setOnClickAction(action_("open")));
  return card.build();
}

export function syncedNotice_(counts: {
  customer: number;
  stored: number;
  duplicate: number;
  skipped: number;
  rejected: number;
}): string {
  if (counts.customer === 0) return "No customer emails in this thread: nothing was sent to Touchbase.";
  const parts = [`Synced ${plural_(counts.stored, "new email")}`];
  if (counts.duplicate) parts.push(`${counts.duplicate} already in Touchbase`);
  if (counts.skipped) parts.push(`${plural_(counts.skipped, "non-customer email")} not sent`);
  if (counts.rejected) parts.push(`${counts.rejected} refused by the server`);
  return parts.join(", ") + ".";
}
