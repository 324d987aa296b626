// Imported from the file, not the `shared` barrel: the pane's first paint must not wait for the whole core.
import { ApiError, userMessage } from "../../../shared/api/api-error";

/** Anything thrown, as a sentence; errors from Office and Graph carry their own, the rest get a safe one. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && "code" in error && typeof (error as { code: unknown }).code === "string") {
    return error.message;
  }
  return userMessage(error);
}
