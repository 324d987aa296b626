import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";

// Signing keys of an issuer, found the way OpenID Connect Discovery says: `<issuer>/.well-known/openid-configuration`
// names `jwks_uri`. jose's remote key set caches the keys (10 minutes) and, when a token names a `kid` it does not
// hold, fetches the set again at most once per cooldown (30 s) — so a flood of tokens with made-up kids costs one
// request to the provider, and a real key rotation is picked up on the first token that uses the new key.

export class IdentityProviderUnavailable extends Error {}

export interface KeySetOptions {
  cooldownMs?: number;
  cacheMaxAgeMs?: number;
  timeoutMs?: number;
}

export class DiscoveredKeySet {
  private keys: JWTVerifyGetKey | null = null;
  private pending: Promise<JWTVerifyGetKey> | null = null;
  private failedAt = 0;

  constructor(
    /** The discovery document's URL. */
    readonly discoveryUrl: string,
    private readonly options: KeySetOptions = {},
  ) {}

  /** The key resolver for jose's `jwtVerify`; discovers the JWKS URL on first use. */
  async resolver(): Promise<JWTVerifyGetKey> {
    if (this.keys) return this.keys;
    // After a failed discovery, wait a little before asking again rather than once per request.
    if (Date.now() - this.failedAt < (this.options.cooldownMs ?? 30_000) && this.failedAt > 0) {
      throw new IdentityProviderUnavailable(
        `The sign-in provider's discovery document at ${this.discoveryUrl} could not be read.`,
      );
    }
    this.pending ??= this.discover().finally(() => (this.pending = null));
    return this.pending;
  }

  private async discover(): Promise<JWTVerifyGetKey> {
    try {
      const res = await fetch(this.discoveryUrl, {
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
        headers: { accept: "application/json" },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const text = await res.text();
      if (text.length > 1_000_000) throw new Error("document too large");
      const doc = JSON.parse(text) as { jwks_uri?: unknown };
      if (typeof doc.jwks_uri !== "string" || !/^https?:\/\//.test(doc.jwks_uri))
        throw new Error("no jwks_uri");
      this.keys = createRemoteJWKSet(new URL(doc.jwks_uri), {
        cooldownDuration: this.options.cooldownMs ?? 30_000,
        cacheMaxAge: this.options.cacheMaxAgeMs ?? 10 * 60_000,
        timeoutDuration: this.options.timeoutMs ?? 5_000,
      });
      return this.keys;
    } catch (error) {
      this.failedAt = Date.now();
      throw new IdentityProviderUnavailable(
        `The sign-in provider's discovery document at ${this.discoveryUrl} could not be read (${(error as Error).message}).`,
      );
    }
  }
}
