import { createHash } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from "jose";
import { normalizeAddress } from "../../../shared/index";
import type { IdentityConfig } from "./identity-config";
import { DiscoveredKeySet, IdentityProviderUnavailable, type KeySetOptions } from "./key-sets";

// Verifies the bearer tokens the add-ins send: Microsoft access tokens for Touchbase's own API (Outlook, through
// nested app authentication) and Google ID tokens (`ScriptApp.getIdentityToken()` in the Gmail add-on). Which
// provider a token claims to be from is read from its unverified `iss` only to pick the provider; the keys, the
// accepted issuers and audiences all come from configuration, never from the token.

export type ProviderKey = "microsoft" | "google" | `oidc:${string}`;

/** Who a verified token says the caller is. */
export interface VerifiedIdentity {
  provider: ProviderKey;
  /** Stable per provider: Microsoft `<tid>/<oid>`, Google `sub`, another OIDC provider's `sub`. */
  subject: string;
  /** Canonical address, or null when the token carries none. */
  email: string | null;
  /** Whether the provider vouches that the address belongs to this account. */
  emailVerified: boolean;
  name: string | null;
  /** Microsoft tenant id or Google Workspace domain (`hd`): what a workspace can claim. */
  organization: string | null;
}

/** A token that proves nothing: answered with 401 and the sentence. */
export class TokenRejected extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Five minutes either way for clocks that disagree, as the issue allows. */
export const CLOCK_SKEW_SECONDS = 300;
const MAX_TOKEN_LENGTH = 16 * 1024;
const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The subject of a Microsoft identity: the tenant and the object id, stable across apps (unlike `sub`). */
export const microsoftSubject = (tid: string, oid: string) => `${tid.toLowerCase()}/${oid.toLowerCase()}`;

export class TokenVerifier {
  private readonly microsoftKeys: DiscoveredKeySet;
  private readonly googleKeys: DiscoveredKeySet;
  private readonly microsoftIssuer: RegExp;
  /** Verified identities by the token's SHA-256, for at most 60 s (never past the token's expiry). */
  private readonly cache = new Map<string, { identity: VerifiedIdentity; until: number }>();

  constructor(
    private readonly config: IdentityConfig,
    keyOptions: KeySetOptions = {},
  ) {
    this.microsoftKeys = new DiscoveredKeySet(
      `${config.microsoftAuthorityHost}/common/v2.0/.well-known/openid-configuration`,
      keyOptions,
    );
    this.googleKeys = new DiscoveredKeySet(
      `${config.googleIssuer}/.well-known/openid-configuration`,
      keyOptions,
    );
    this.microsoftIssuer = new RegExp(`^${escapeRegExp(config.microsoftAuthorityHost)}/(${GUID})/v2\\.0$`);
  }

  /** Verifies a bearer JWT; throws `TokenRejected` (401) or `IdentityProviderUnavailable` (503). */
  async verify(token: string, now = Date.now()): Promise<VerifiedIdentity> {
    if (token.length > MAX_TOKEN_LENGTH)
      throw new TokenRejected("invalid_token", "The sign-in token is too long to be real.");
    const cacheKey = createHash("sha256").update(token).digest("base64url");
    const cached = this.cache.get(cacheKey);
    if (cached && cached.until > now) return cached.identity;

    const { header, claims } = decodeUnverified(token);
    if (header.alg !== "RS256") {
      throw new TokenRejected(
        "unsupported_algorithm",
        `The sign-in token is signed with ${JSON.stringify(header.alg ?? "nothing")}; only RS256 is accepted.`,
      );
    }
    const iss = typeof claims.iss === "string" ? claims.iss : "";
    const msTenant = this.microsoftIssuer.exec(iss)?.[1];
    const identity = msTenant
      ? await this.verifyMicrosoft(token, iss, msTenant, now)
      : this.isGoogleIssuer(iss)
        ? await this.verifyGoogle(token, iss, now)
        : rejectIssuer(iss);

    if (this.cache.size >= 5_000) this.cache.clear();
    const exp = typeof claims.exp === "number" ? claims.exp * 1000 : now;
    this.cache.set(cacheKey, { identity, until: Math.min(now + 60_000, exp + CLOCK_SKEW_SECONDS * 1000) });
    return identity;
  }

  private isGoogleIssuer(iss: string): boolean {
    // Google writes its issuer with or without the scheme (Google's ID token documentation accepts both).
    const withoutScheme = this.config.googleIssuer.replace(/^https?:\/\//, "");
    return iss === this.config.googleIssuer || iss === withoutScheme;
  }

  private async verifyMicrosoft(
    token: string,
    iss: string,
    tenant: string,
    now: number,
  ): Promise<VerifiedIdentity> {
    if (this.config.microsoftClientIds.length === 0) {
      throw new TokenRejected(
        "provider_not_configured",
        "This Touchbase server does not accept Microsoft sign-in: TOUCHBASE_MICROSOFT_CLIENT_ID is not set.",
      );
    }
    const payload = await this.check(token, this.microsoftKeys, iss, this.config.microsoftClientIds, now);
    // The multi-tenant rule: the issuer must be the one of the tenant the token itself names in `tid`.
    const tid = typeof payload.tid === "string" ? payload.tid.toLowerCase() : "";
    if (tid !== tenant) {
      throw new TokenRejected(
        "wrong_issuer",
        "The Microsoft token's issuer does not belong to the tenant named in the token.",
      );
    }
    const scopes = typeof payload.scp === "string" ? payload.scp.split(" ") : [];
    if (!scopes.includes(this.config.microsoftScope)) {
      throw new TokenRejected(
        "wrong_scope",
        `The Microsoft token was not issued for Touchbase's API (it lacks the ${this.config.microsoftScope} scope).`,
      );
    }
    const oid = typeof payload.oid === "string" ? payload.oid : "";
    if (!new RegExp(`^${GUID}$`, "i").test(oid)) {
      throw new TokenRejected(
        "invalid_token",
        "The Microsoft token names no user (its oid claim is missing).",
      );
    }
    const address = [payload.email, payload.preferred_username, payload.upn].find(
      (v) => typeof v === "string",
    );
    return {
      provider: "microsoft",
      subject: microsoftSubject(tid, oid),
      email: typeof address === "string" ? normalizeAddress(address) : null,
      // Entra does not verify `email` or `preferred_username`; the optional claim `xms_edov` says the address's
      // domain is verified by the tenant that owns it. Without it, only a tenant the workspace claims vouches for it.
      emailVerified: payload.xms_edov === true || payload.xms_edov === "1" || payload.xms_edov === "true",
      name: typeof payload.name === "string" ? payload.name.slice(0, 200) : null,
      organization: tid,
    };
  }

  private async verifyGoogle(token: string, iss: string, now: number): Promise<VerifiedIdentity> {
    if (this.config.googleClientIds.length === 0) {
      throw new TokenRejected(
        "provider_not_configured",
        "This Touchbase server does not accept Google sign-in: TOUCHBASE_GOOGLE_CLIENT_ID is not set.",
      );
    }
    const payload = await this.check(token, this.googleKeys, iss, this.config.googleClientIds, now);
    const email = typeof payload.email === "string" ? normalizeAddress(payload.email) : null;
    if (!email) {
      throw new TokenRejected(
        "no_email",
        "The Google token carries no address; the add-on must ask for the userinfo.email scope.",
      );
    }
    if (payload.email_verified !== true && payload.email_verified !== "true") {
      throw new TokenRejected("email_not_verified", `Google has not verified the address ${email}.`);
    }
    return {
      provider: "google",
      subject: String(payload.sub ?? ""),
      email,
      emailVerified: true,
      name: typeof payload.name === "string" ? payload.name.slice(0, 200) : null,
      organization: typeof payload.hd === "string" ? payload.hd.toLowerCase() : null,
    };
  }

  private async check(
    token: string,
    keys: DiscoveredKeySet,
    issuer: string,
    audience: string[],
    now: number,
  ): Promise<JWTPayload> {
    const resolver = await keys.resolver();
    try {
      const { payload } = await jwtVerify(token, resolver, {
        algorithms: ["RS256"],
        issuer,
        audience,
        clockTolerance: CLOCK_SKEW_SECONDS,
        currentDate: new Date(now),
        requiredClaims: ["exp", "iat", "sub"],
      });
      return payload;
    } catch (error) {
      throw rejection(error);
    }
  }
}

function decodeUnverified(token: string): { header: { alg?: string }; claims: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
  } catch {
    throw new TokenRejected("invalid_token", "The sign-in token is not a well-formed JWT.");
  }
}

function rejectIssuer(iss: string): never {
  throw new TokenRejected(
    "wrong_issuer",
    `The sign-in token was issued by ${JSON.stringify(iss.slice(0, 200))}, which this server does not trust.`,
  );
}

/** jose's errors as sentences a person (or the add-in's error card) can act on. */
function rejection(error: unknown): Error {
  if (error instanceof IdentityProviderUnavailable) return error;
  if (error instanceof errors.JWKSTimeout) {
    return new IdentityProviderUnavailable("The sign-in provider's keys could not be fetched in time.");
  }
  if (error instanceof errors.JWTExpired)
    return new TokenRejected("token_expired", "The sign-in token has expired; sign in again.");
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case "nbf":
        return new TokenRejected(
          "token_not_yet_valid",
          "The sign-in token is not valid yet (its nbf is in the future).",
        );
      case "aud":
        return new TokenRejected(
          "wrong_audience",
          "The sign-in token was issued for another application (aud).",
        );
      case "iss":
        return new TokenRejected(
          "wrong_issuer",
          "The sign-in token's issuer is not the one this server trusts.",
        );
      case "iat":
        return new TokenRejected("invalid_token", "The sign-in token says it was issued in the future.");
      default:
        return new TokenRejected("invalid_token", `The sign-in token's ${error.claim} claim is not valid.`);
    }
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new TokenRejected(
      "unknown_key",
      "The sign-in token is signed with a key the provider does not publish.",
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenRejected("bad_signature", "The sign-in token's signature does not verify.");
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new TokenRejected(
      "unsupported_algorithm",
      "The sign-in token's algorithm is not accepted; only RS256 is.",
    );
  }
  if (error instanceof errors.JOSEError)
    return new TokenRejected("invalid_token", "The sign-in token is not valid.");
  return error instanceof Error ? error : new Error(String(error));
}
