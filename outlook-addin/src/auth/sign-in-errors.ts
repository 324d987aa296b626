import { ApiError } from "../../../shared/api/api-error";

// The sign-in outcomes the pane shows as its signed-out state (with Sign in) rather than as an error with Retry.

/** Codes of a sign-in that needs the user: MSAL's (signin_*), the server's 401s and its 403 refusals. */
const SIGN_IN_CODES = new Set([
  "signin_required",
  "signin_cancelled",
  "signin_failed",
  "graph_not_configured",
]);

export function notConfiguredError(): ApiError {
  return new ApiError(
    "signin_not_configured",
    "Sign-in is not set up: this Touchbase build has no Microsoft Entra app id. Ask your administrator.",
    0,
  );
}

/** Whether an error from connecting means "not signed in" (show Sign in), not "something broke" (show Retry). */
export function needsSignIn(error: unknown): boolean {
  if (error instanceof ApiError)
    return error.status === 401 || error.status === 403 || error.code === "signin_not_configured";
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && SIGN_IN_CODES.has(code);
}

/** A 403 from the server: signed in to Microsoft, but Touchbase refuses this person (deactivated, not invited). */
export function isRefused(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}
