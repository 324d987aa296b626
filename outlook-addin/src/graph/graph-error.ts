/** A Graph or sign-in failure: a stable code and a sentence a user can read. */
export class GraphError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
  ) {
    super(message);
    this.name = "GraphError";
  }

  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status === 503 || this.status === 504;
  }
}
