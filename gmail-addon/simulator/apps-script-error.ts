// Apps Script's services throw errors named "Exception" whose message is one sentence ("Exception: …" when
// printed). The simulator throws the same, so the add-on's error handling meets what it meets in production.
export function exception(message: string): Error {
  const error = new Error(message);
  error.name = "Exception";
  return error;
}

/** Thrown into the script when a time limit passes; unlike other errors it cannot be survived. */
export class ExecutionKilled extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Exception";
  }
}
