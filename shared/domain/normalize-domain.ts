import { domainToAscii } from "./domain-to-ascii";

/**
 * A domain as people type it into settings — `Acme.COM`, `@acme.com`, `*.acme.com`, `.acme.com`, `bücher.de` —
 * in canonical ASCII form, or null when it is not a host name.
 */
export function normalizeDomain(value: string): string | null {
  if (typeof value !== "string") return null;
  return domainToAscii(value.trim().replace(/^(\*\.|@|\.)+/, ""));
}
