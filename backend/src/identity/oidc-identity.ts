import type { IDToken } from "openid-client";
import { normalizeAddress } from "../../../shared/index";
import type { IdentityConfig } from "./identity-config";
import { microsoftSubject, type VerifiedIdentity } from "./token-verifier";

/**
 * The identity an ID token from the web sign-in names. Microsoft and Google are the same providers as in the
 * add-ins (so a person is one user across Outlook, Gmail and the browser); any other issuer is its own provider.
 */
export function identityFromIdToken(
  claims: IDToken,
  issuer: string,
  config: IdentityConfig,
): VerifiedIdentity {
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  const name = str(claims.name)?.slice(0, 200) ?? null;
  if (issuer.startsWith(`${config.microsoftAuthorityHost}/`) && str(claims.tid) && str(claims.oid)) {
    const address = str(claims.email) ?? str(claims.preferred_username);
    return {
      provider: "microsoft",
      subject: microsoftSubject(claims.tid as string, claims.oid as string),
      email: address ? normalizeAddress(address) : null,
      emailVerified: claims.xms_edov === true,
      name,
      organization: (claims.tid as string).toLowerCase(),
    };
  }
  const email = str(claims.email) ? normalizeAddress(claims.email as string) : null;
  const verified = claims.email_verified === true;
  if (issuer === config.googleIssuer) {
    return {
      provider: "google",
      subject: claims.sub,
      email,
      emailVerified: verified,
      name,
      organization: str(claims.hd)?.toLowerCase() ?? null,
    };
  }
  return {
    provider: `oidc:${issuer}`,
    subject: claims.sub,
    email,
    emailVerified: verified,
    name,
    organization: null,
  };
}
