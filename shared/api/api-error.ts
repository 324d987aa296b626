/** An error a user can read: a stable code for programs and one human sentence. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Worth retrying later: the server was unreachable, busy or failing, not rejecting the request. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

const STATUS_SENTENCES: Record<number, string> = {
  401: "Touchbase did not accept the sign-in. Sign in again.",
  403: "Your Touchbase account is not allowed to do this.",
  404: "That item no longer exists in Touchbase.",
  413: "The email is too large for the Touchbase server.",
  429: "The Touchbase server is busy. Try again in a moment.",
};

export function unreachableError(): ApiError {
  return new ApiError(
    "unreachable",
    "The Touchbase server could not be reached. Check the server URL and your connection.",
    0,
  );
}

export function sentenceForStatus(status: number): string {
  if (STATUS_SENTENCES[status]) return STATUS_SENTENCES[status];
  if (status >= 500) return "The Touchbase server had a problem. Try again in a moment.";
  return `The Touchbase server refused the request (HTTP ${status}).`;
}

/** Any thrown value as something safe to show a user: never a stack trace. */
export function userMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Something went wrong in Touchbase. Try again; if it keeps happening, contact your administrator.";
}
