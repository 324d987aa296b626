// The Touchbase core: everything that decides "is this a customer email, and whose?", plus the wire contract.
// Pure and synchronous, ECMAScript only: it runs unchanged in the browser, in Apps Script V8 and in Node.

export { parseAddressList, type ParsedAddress } from "./address/parse-address-list";
export { normalizeAddress, addressDomain, addressLocalPart } from "./address/normalize-address";
export { decodeEncodedWords } from "./address/encoded-words";
export { domainToAscii } from "./domain/domain-to-ascii";
export { addressForDisplay, domainForDisplay } from "./domain/domain-for-display";
export { normalizeDomain } from "./domain/normalize-domain";
export { registrableDomain, isPublicSuffix } from "./domain/registrable-domain";
export { isPersonalDomain } from "./domain/personal-domains";
export { contactName, type ContactName } from "./contact/contact-name";
export { isRoleLocalPart } from "./contact/role-accounts";
export { buildCustomerIndex, CustomerIndex, type ParticipantMatch } from "./classify/customer-index";
export { isNoReplyLocalPart, noiseOf, type Noise } from "./classify/noise-filters";
export * from "./classify/types";
export { lookbackCutoff, MAX_LOOKBACK_DAYS } from "./mail/lookback";
export { clipText } from "./mail/clip-text";
export { dedupeKey, stableHash } from "./mail/dedupe-key";
export { normalizeMessageId, messageIdList } from "./mail/message-id";
export { threadKey } from "./mail/thread-key";
export { MAX_UPLOAD_BYTES, uploadBatches, utf8Length } from "./upload/upload-batches";
export { emailKey, mailOfEmail } from "./upload/email-input-rules";

export * from "./api/schemas";
export * from "./api/access-schemas";
export * from "./api/identity";
export * from "./api/http-types";
export { HarnessServedConfigSchema, type HarnessServedConfig } from "./api/harness-config";
export { ApiError, userMessage, unreachableError, sentenceForStatus } from "./api/api-error";
export { endpoints, type Endpoint, type EndpointName, type CustomerIndexResult } from "./api/endpoints";
export {
  buildRequest,
  parseResponse,
  createSyncApi,
  createAsyncApi,
  apiUrl,
  API_PREFIX,
} from "./api/api-client";
export type { ApiConfig, SyncApi, AsyncApi } from "./api/api-client";
export { applyIndexChanges } from "./api/index-changes";
export { snapshotFromLookup } from "./api/lookup-snapshot";
export {
  duration,
  medianLine,
  NOTHING_WAITING,
  SIGNAL_LABELS,
  waitedFor,
  waitingLine,
  type SignalLine,
} from "./signals/signal-sentences";
export {
  DEFAULT_VISIBILITY_TIER,
  EMAIL_ACCESS_LEVELS,
  EMAIL_FIELD_ACCESS,
  emailAccess,
  emailTitle,
  mayShowEmailField,
  privacyActionLabel,
  privateLabel,
  TIER_DESCRIPTIONS,
  VISIBILITY_TIERS,
  visibleEmailFields,
  type EmailAccess,
  type EmailTitleParts,
  type EmailViewer,
  type VisibilityTier,
} from "./visibility/email-visibility";
export {
  attributeLabel,
  attributeValue,
  displayedAttributes,
  DEFAULT_CURRENCY,
  type AttributeValue,
} from "./attributes/attribute-display";
