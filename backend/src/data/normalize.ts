import { isPersonalDomain, isPublicSuffix, normalizeAddress, normalizeDomain } from "../../../shared/index";
import { invalid } from "./errors";

// Input normalization with the core's own rules, so what is stored matches what the classifier compares.

/** A domain as stored (ASCII, lower case, no `@`/`*.` prefix), or a 400 naming the bad value. */
export function normalizeDomainOrThrow(raw: string, field = "domain"): string {
  const domain = normalizeDomain(raw);
  if (domain === null || !domain.includes(".")) {
    throw invalid("invalid_domain", `"${raw}" is not a valid ${field}.`);
  }
  return domain;
}

/**
 * A domain a customer or the workspace itself owns. A public suffix (`co.uk`, `com.au`) is shared by countless
 * unrelated organisations: as a customer's it would claim a whole country's mail (the core ignores such a domain,
 * so it would silently match nobody), as an internal one it would make them all colleagues. A personal mail
 * provider (`gmail.com`) never matches a customer by domain either; its users are added as contacts. Nor may it
 * take unsigned BCC mail: anyone can open an address there, and so send mail in a member's name.
 */
/** Whose domain it is: a customer's, the workspace's own, or one whose unsigned mail the BCC address takes. */
export type DomainOwner = "customer" | "internal" | "unsigned-inbound";

const FIELD_OF_OWNER: Record<DomainOwner, string> = {
  customer: "domain",
  internal: "internal domain",
  "unsigned-inbound": "domain for unsigned BCC mail",
};

export function ownedDomain(raw: string, owner: DomainOwner): string {
  const field = FIELD_OF_OWNER[owner];
  const domain = normalizeDomainOrThrow(raw, field);
  if (isPublicSuffix(domain)) {
    throw invalid(
      "public_suffix",
      `${domain} is a public suffix shared by many unrelated organisations, not one company's ${field}; ` +
        `use the company's own domain (such as example.${domain}).`,
      { domain },
    );
  }
  if (owner === "unsigned-inbound" && isPersonalDomain(domain)) {
    throw invalid(
      "personal_domain",
      `${domain} is a personal email provider: anyone can open an address there, so its unsigned mail could come ` +
        `from anyone in a member's name. Mail from it is taken when its DKIM signature verifies.`,
      { domain },
    );
  }
  if (owner === "customer" && isPersonalDomain(domain)) {
    throw invalid(
      "personal_domain",
      `${domain} is a personal email provider: its addresses never match a customer by domain. ` +
        `Add the person as a contact of the customer instead.`,
      { domain },
    );
  }
  return domain;
}

export function normalizeDomains(raw: readonly string[], owner: DomainOwner): string[] {
  return [...new Set(raw.map((d) => ownedDomain(d, owner)))];
}

export function normalizeAddressOrThrow(raw: string): string {
  const address = normalizeAddress(raw);
  if (address === null) throw invalid("invalid_address", `"${raw}" is not a valid email address.`);
  return address;
}
