import { domainToAscii, normalizeAddress } from "../../../shared/index";
import { HttpError } from "../http/http-error";

// Input normalization with the core's own rules, so what is stored matches what the classifier compares.

/** A domain as stored (ASCII, lower case, no `@`/`*.` prefix), or a 400 naming the bad value. */
export function normalizeDomainOrThrow(raw: string, field = "domain"): string {
  const domain = domainToAscii(raw.trim().replace(/^(\*\.|@|\.)+/, ""));
  if (domain === null || !domain.includes(".")) {
    throw new HttpError(400, "invalid_domain", `"${raw}" is not a valid ${field}.`);
  }
  return domain;
}

export function normalizeDomains(raw: readonly string[], field = "domain"): string[] {
  return [...new Set(raw.map((d) => normalizeDomainOrThrow(d, field)))];
}

export function normalizeAddressOrThrow(raw: string): string {
  const address = normalizeAddress(raw);
  if (address === null) throw new HttpError(400, "invalid_address", `"${raw}" is not a valid email address.`);
  return address;
}
