// What the web workspace uses of shared/, imported file by file: shared/index also exports the classifier and the
// IDNA tables (tr46), which the browser workspace does not need and which would double its first download.
export { ApiError, userMessage, sentenceForStatus, unreachableError } from "../../shared/api/api-error";
export { createAsyncApi, type AsyncApi } from "../../shared/api/api-client";
export {
  CSRF_HEADER,
  SessionSchema,
  InvitationListSchema,
  InvitationSchema,
  type Session,
} from "../../shared/api/identity";
export {
  ErrorBodySchema,
  CustomerImportResultSchema,
  CustomerSchema,
  type Customer,
  type CustomerImportResult,
  type EmailDetail,
  type EmailSummary,
  type Exclusion,
  type UserSettings,
  type Workspace,
} from "../../shared/api/schemas";
export {
  emailTitle,
  privacyActionLabel,
  privateLabel,
  TIER_DESCRIPTIONS,
  VISIBILITY_TIERS,
  visibleEmailFields,
  type VisibilityTier,
} from "../../shared/visibility/email-visibility";
export {
  medianLine,
  NOTHING_WAITING,
  SIGNAL_LABELS,
  waitingLine,
} from "../../shared/signals/signal-sentences";
export { senderForDisplay } from "../../shared/address/sender-for-display";
export {
  attributeLabel,
  attributeValue,
  currencyOf,
  displayedAttributes,
} from "../../shared/attributes/attribute-display";
