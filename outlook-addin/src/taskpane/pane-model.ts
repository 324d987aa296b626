import {
  isPersonalDomain,
  normalizeAddress,
  type ClassificationReason,
  type Contact,
  type Customer,
  type CustomerIndex,
  type EmailSummary,
  type IndexCustomer,
  type LookupResponse,
  type MatchVia,
  type Viewer,
} from "../../../shared";
import type { OpenMessage } from "../office";
import type { StoredSnapshot } from "../sync";

// What the pane shows for one message, computed in two steps: instantly from the local customer index, then
// completed with the backend's `/lookup` answer (profile, contact, history, whether the email is stored).
// Pure functions, so the rules are tested without React or Office.

export type MessageState =
  | { kind: "checking" }
  | { kind: "synced"; emailId: string; syncedByMe: boolean }
  | { kind: "pending" }
  | { kind: "not-synced" }
  | { kind: "not-customer"; reason: ClassificationReason; emailId: string | null }
  | { kind: "excluded"; emailId: string | null };

export interface ContactView {
  address: string;
  name: string;
  contact: Contact | null;
  /** Not a contact yet; syncing creates it (workspace setting `autoCreateContacts`). */
  willBeCreated: boolean;
}

export interface CustomerView {
  id: string;
  name: string;
  domains: string[];
  matchedBy: { address: string; via: MatchVia }[];
  /** Null until `/lookup` answers. */
  profile: Customer | null;
  contacts: ContactView[];
  history: EmailSummary[];
}

export interface SenderView {
  address: string;
  name: string;
  /** The sender's host, offered for "Exclude domain"; null for personal providers (gmail.com…). */
  domain: string | null;
  excluded: boolean;
}

export interface MessageModel {
  itemId: string;
  restId: string | null;
  messageId: string;
  subject: string;
  related: boolean;
  reason: ClassificationReason;
  sender: SenderView | null;
  state: MessageState;
  customers: CustomerView[];
  /** Addresses to ask `/lookup` about: a customer email's customer participants; none for other mail. */
  lookupEmails: string[];
  profilesLoaded: boolean;
}

const customerMaps = new WeakMap<StoredSnapshot, Map<string, IndexCustomer>>();

function customersById(snapshot: StoredSnapshot): Map<string, IndexCustomer> {
  let map = customerMaps.get(snapshot);
  if (!map) {
    map = new Map(snapshot.customers.map((c) => [c.id, c]));
    customerMaps.set(snapshot, map);
  }
  return map;
}

type Verdict = ReturnType<CustomerIndex["classify"]>;
type Participants = ReturnType<CustomerIndex["participants"]>;

/** The matched customers, each with its participants in this message (and whether a contact will be created). */
function customerViews(
  classification: Verdict,
  participants: Participants,
  snapshot: StoredSnapshot,
): CustomerView[] {
  const byId = customersById(snapshot);
  const newContacts = new Set(classification.newContacts.map((c) => c.address));
  return classification.customers.map((match) => {
    const indexed = byId.get(match.customerId);
    return {
      id: match.customerId,
      name: indexed?.name ?? "Customer",
      domains: indexed?.domains ?? [],
      matchedBy: match.matchedBy,
      profile: null,
      contacts: participants
        .filter((p) => p.customerId === match.customerId)
        .map((p) => ({
          address: p.address,
          name: p.name,
          contact: null,
          willBeCreated: newContacts.has(p.address),
        })),
      history: [],
    };
  });
}

function senderView(message: OpenMessage, participants: Participants): SenderView | null {
  const senderAddress = message.from ? normalizeAddress(message.from.address) : null;
  if (!senderAddress) return null;
  const host = senderAddress.slice(senderAddress.lastIndexOf("@") + 1);
  const match = participants.find((p) => p.address === senderAddress);
  return {
    address: senderAddress,
    name: message.from?.name ?? "",
    domain: isPersonalDomain(host) ? null : host,
    excluded: match?.excluded ?? false,
  };
}

/** Only a customer email is looked up, and only with its customer participants: nobody else's address leaves. */
function lookupEmailsOf(classification: Verdict, participants: Participants): string[] {
  if (!classification.related) return [];
  const matched = new Set(classification.customers.map((c) => c.customerId));
  return participants
    .filter((p) => p.role === "external" && !p.excluded && p.customerId && matched.has(p.customerId))
    .map((p) => p.address)
    .slice(0, 100);
}

function localState(classification: Verdict): MessageState {
  if (classification.reason === "excluded") return { kind: "excluded", emailId: null };
  if (!classification.related) return { kind: "not-customer", reason: classification.reason, emailId: null };
  return { kind: "checking" };
}

/** The model from the local index alone: who the customers are and why, before any network answer. */
export function localModel(
  message: OpenMessage,
  local: { index: CustomerIndex; snapshot: StoredSnapshot },
  viewer: Viewer,
): MessageModel {
  const classification = local.index.classify(message.mail, viewer);
  const participants = local.index.participants(message.mail, viewer);
  return {
    itemId: message.itemId,
    restId: message.restId,
    messageId: message.internetMessageId,
    subject: message.subject,
    related: classification.related,
    reason: classification.reason,
    sender: senderView(message, participants),
    state: localState(classification),
    customers: customerViews(classification, participants, local.snapshot),
    lookupEmails: lookupEmailsOf(classification, participants),
    profilesLoaded: false,
  };
}

/** Completes the local model with `/lookup`: profiles, contacts, history and whether the email is stored. */
export function withLookup(model: MessageModel, lookup: LookupResponse, pending: boolean): MessageModel {
  const emailId = lookup.message?.emailId ?? null;
  const customers = model.customers.map((customer) => {
    const results = lookup.results.filter((r) => r.customer?.id === customer.id);
    const profile = results.find((r) => r.customer)?.customer ?? null;
    const history = results.flatMap((r) => r.recentEmails);
    const contacts = customer.contacts.map((c) => {
      const result = results.find((r) => normalizeAddress(r.email) === c.address);
      const contact = result?.contact ?? null;
      return { ...c, contact, willBeCreated: contact === null && c.willBeCreated };
    });
    return { ...customer, profile, history, contacts };
  });

  return {
    ...model,
    customers,
    state: storedState(model, emailId, lookup.message?.syncedByMe ?? false, pending),
    profilesLoaded: true,
  };
}

function storedState(
  model: MessageModel,
  emailId: string | null,
  syncedByMe: boolean,
  pending: boolean,
): MessageState {
  if (model.state.kind === "excluded") return { kind: "excluded", emailId };
  if (model.state.kind === "not-customer") return { ...model.state, emailId };
  if (emailId) return { kind: "synced", emailId, syncedByMe };
  return pending ? { kind: "pending" } : { kind: "not-synced" };
}

/**
 * When `/lookup` cannot be reached the pane still decides locally: a customer email is offered for sync (the
 * outbox keeps it until the server is back, and the server ignores a duplicate).
 */
export function withoutLookup(model: MessageModel, pending: boolean): MessageModel {
  if (model.state.kind !== "checking") return model;
  return { ...model, state: pending ? { kind: "pending" } : { kind: "not-synced" } };
}
