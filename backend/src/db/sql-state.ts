// PostgreSQL reports errors with a five-character SQLSTATE; drizzle wraps the driver's error (DrizzleQueryError,
// whose message holds the SQL and its parameters) and keeps the driver's error as `cause`.

interface DriverError {
  code?: unknown;
  message?: unknown;
  cause?: { code?: unknown; message?: unknown };
}

/** The SQLSTATE of a database error (wrapped or not), or undefined for anything else. */
export function sqlState(error: unknown): string | undefined {
  const e = error as DriverError | null;
  const code = e?.cause?.code ?? e?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Class 22, "data exception": a value the database cannot take (a NUL byte, a date out of range…). */
export function isDataException(error: unknown): boolean {
  return sqlState(error)?.startsWith("22") ?? false;
}

/**
 * The database's own sentence for an error, without the SQL text or parameters drizzle puts in its message
 * (those must never reach a user or a terminal).
 */
export function databaseMessage(error: unknown): string {
  const e = error as DriverError | null;
  const raw = typeof e?.cause?.message === "string" ? e.cause.message : sqlState(error) ? e?.message : "";
  const text = typeof raw === "string" ? raw.split("\n")[0].trim() : "";
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
