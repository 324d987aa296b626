// The hot path of the sidebar: read the opened message, ask the server about its participants (one UrlFetch,
// or none when the cache has a fresh answer), and classify locally with the core.
import {
  buildCustomerIndex,
  snapshotFromLookup,
  type Classification,
  type CustomerIndex,
  type LookupResponse,
} from "../../../shared";
import type { OpenedMessage } from "../addon-event";
import { readMessage_, participants_, type ReadMessage } from "../gmail/read-message";
import type { UserConfig } from "../config/user-config";
import { apiConfig_, touchbaseApi_ } from "../api/touchbase-api";
import { lookupBatches_ } from "./lookup-batches";
import { cachedLookup_, cacheLookup_, lookupCacheKey_ } from "./lookup-cache";
import { messageIdSha256_ } from "./message-id-hash";

export interface MessageContext {
  read: ReadMessage;
  viewer: string;
  /** Everyone on the message except the viewer. */
  participants: string[];
  /** The participants the server was asked about (all of them unless the message has a huge recipient list). */
  checked: string[];
  lookup: LookupResponse;
  index: CustomerIndex;
  classification: Classification;
  fromCache: boolean;
}

export function viewerAddress_(): string {
  return Session.getActiveUser().getEmail();
}

export interface CurrentMessage {
  message: GoogleAppsScript.Gmail.GmailMessage;
  threadId: string;
}

/** Opens the current message with the add-on's per-message token: without it GmailApp refuses to read it. */
export function openCurrentMessage_(opened: OpenedMessage): CurrentMessage {
  GmailApp.setCurrentMessageAccessToken(opened.accessToken);
  const message = GmailApp.getMessageById(opened.messageId);
  if (!message) throw new Error("The opened message could not be read.");
  return { message, threadId: opened.threadId || message.getThread().getId() };
}

export function classifyWith_(lookup: LookupResponse, read: ReadMessage, viewer: string) {
  const index = buildCustomerIndex(snapshotFromLookup(lookup));
  return { index, classification: index.classify(read.mail, { addresses: viewer ? [viewer] : [] }) };
}

export function messageContext_(current: CurrentMessage, config: UserConfig): MessageContext {
  const viewer = viewerAddress_();
  const read = readMessage_(current.message, current.threadId);
  const participants = participants_(read.mail, viewer);
  const apiConfig = apiConfig_(config);
  // Only addresses and the Message-ID's hash leave Gmail: this may be a stranger's email.
  const messageIdSha256 = messageIdSha256_(read.messageId) ?? undefined;
  // One request at most: a message with hundreds of recipients is judged on those that fit, sender first.
  const checked = lookupBatches_(apiConfig, participants, messageIdSha256).batches[0] ?? [];
  const key = lookupCacheKey_(config.cacheGeneration, checked, read.messageId);
  let lookup = cachedLookup_(key);
  const fromCache = lookup !== null;
  if (lookup === null) {
    lookup = checked.length
      ? touchbaseApi_(config).api.lookup({ emails: checked, messageIdSha256 })
      : { results: [], message: null };
    cacheLookup_(key, lookup);
  }
  const { index, classification } = classifyWith_(lookup, read, viewer);
  return { read, viewer, participants, checked, lookup, index, classification, fromCache };
}
