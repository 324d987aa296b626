// Imported from the file, not the `shared` barrel: the pane's first paint must not wait for the whole core.
import { ApiError } from "../../../shared/api/api-error";

/** A 401 from Touchbase: the token is wrong or revoked, so the pane shows the signed-out state. */
export function isAuthError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
