import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  UnsecuredJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from "jose";

// A stand-in for Microsoft's and Google's token issuers, on 127.0.0.1: OpenID discovery and JWKS at the paths the
// real ones use (below a base URL), and tokens with the claim sets they document — Microsoft's v2.0 access token for
// an API (`aud`, `iss` = `<host>/<tid>/v2.0`, `tid`, `oid`, `scp`, `preferred_username`, `ver`, `azp`, …, plus the
// optional claims `email` and `xms_edov`) and Google's ID token (`iss`, `azp`, `aud`, `sub`, `email`,
// `email_verified`, `hd`, …). The backend verifies them with exactly the code that verifies the real ones; the
// Outlook harness and the Apps Script simulator get their tokens here. It can also mint the forgeries the tests
// need (alg none, HS256 with the public key, a key it does not publish).

export interface MintOptions {
  /** Seconds from now; negative for an expired token. Default one hour. */
  expiresIn?: number;
  /** Seconds from now for `nbf` (and `iat` when positive). Default 0. */
  notBefore?: number;
  /** `kid` in the header; defaults to the current published key's. */
  kid?: string;
  /** `published` (default), `rogue` (a key not in the JWKS), `none` (alg none) or `hs256-public-key`. */
  signing?: "published" | "rogue" | "none" | "hs256-public-key";
}

export interface MicrosoftTokenInput {
  tid: string;
  oid: string;
  email: string;
  name?: string;
  /** The Entra app's client id (or App ID URI) the token is for. */
  audience: string;
  scp?: string;
  /** The optional claim "email domain owner verified"; default true. */
  emailDomainVerified?: boolean;
  /** Overrides or additions, e.g. a different `iss`. */
  claims?: JWTPayload;
}

export interface GoogleTokenInput {
  sub: string;
  email: string;
  emailVerified?: boolean;
  /** The Google Workspace domain (`hd`); absent for consumer accounts. */
  hd?: string;
  audience: string;
  claims?: JWTPayload;
}

export interface LocalIssuer {
  url: string;
  /** What TOUCHBASE_MICROSOFT_AUTHORITY_HOST is set to. */
  microsoftAuthorityHost: string;
  /** What TOUCHBASE_GOOGLE_ISSUER is set to. */
  googleIssuer: string;
  /** How many times each JWKS was fetched (the tests count refetches). */
  jwksFetches: { microsoft: number; google: number };
  mintMicrosoft(input: MicrosoftTokenInput, options?: MintOptions): Promise<string>;
  mintGoogle(input: GoogleTokenInput, options?: MintOptions): Promise<string>;
  /** Publishes a new key and signs with it from now on; the old one stays published. Returns its kid. */
  rotateKey(): Promise<string>;
  close(): Promise<void>;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
  spki: string;
}

async function newKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return {
    kid,
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid, use: "sig" },
    spki: await exportSPKI(publicKey),
  };
}

export async function startLocalIssuer(options: { port?: number } = {}): Promise<LocalIssuer> {
  const keys: SigningKey[] = [await newKey("local-key-1")];
  // The forger's key (under the published kid) is made only when a test asks for one: key generation is the
  // slow part of starting, and every harness start pays for what is made here.
  let rogue: Promise<SigningKey> | null = null;
  const jwksFetches = { microsoft: 0, google: 0 };
  let base = "";
  const msHost = () => `${base}/microsoft`;
  const googleIssuer = () => `${base}/google`;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };
  const jwks = () => ({ keys: keys.map((k) => k.jwk) });

  async function mintRequest(req: IncomingMessage, res: ServerResponse, kind: "microsoft" | "google") {
    let text = "";
    for await (const chunk of req) {
      text += chunk;
      if (text.length > 64 * 1024) return json(res, 413, { error: "too large" });
    }
    try {
      const body = JSON.parse(text || "{}");
      const token = kind === "microsoft" ? await issuer.mintMicrosoft(body) : await issuer.mintGoogle(body);
      json(res, 200, { token });
    } catch (error) {
      json(res, 400, { error: (error as Error).message });
    }
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const ms = /^\/microsoft\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    if (req.method === "GET" && ms) {
      // The common/organizations documents name the issuer with the `{tenantid}` template, as Microsoft's do.
      const tenant = ms[1] === "common" || ms[1] === "organizations" ? "{tenantid}" : ms[1];
      return json(res, 200, {
        issuer: `${msHost()}/${tenant}/v2.0`,
        authorization_endpoint: `${msHost()}/${ms[1]}/oauth2/v2.0/authorize`,
        token_endpoint: `${msHost()}/${ms[1]}/oauth2/v2.0/token`,
        jwks_uri: `${msHost()}/common/discovery/v2.0/keys`,
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
      });
    }
    if (req.method === "GET" && path === "/microsoft/common/discovery/v2.0/keys") {
      jwksFetches.microsoft++;
      return json(res, 200, jwks());
    }
    if (req.method === "GET" && path === "/google/.well-known/openid-configuration") {
      return json(res, 200, {
        issuer: googleIssuer(),
        authorization_endpoint: `${googleIssuer()}/o/oauth2/v2/auth`,
        token_endpoint: `${googleIssuer()}/token`,
        jwks_uri: `${googleIssuer()}/oauth2/v3/certs`,
        response_types_supported: ["code", "token", "id_token"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        claims_supported: ["aud", "email", "email_verified", "exp", "hd", "iat", "iss", "sub"],
      });
    }
    if (req.method === "GET" && path === "/google/oauth2/v3/certs") {
      jwksFetches.google++;
      return json(res, 200, jwks());
    }
    if (req.method === "POST" && path === "/mint/microsoft") return void mintRequest(req, res, "microsoft");
    if (req.method === "POST" && path === "/mint/google") return void mintRequest(req, res, "google");
    json(res, 404, { error: "not found" });
  });

  async function sign(payload: JWTPayload, o: MintOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (o.expiresIn ?? 3600);
    // An expired token was issued an hour before it expired; a not-yet-valid one is issued now.
    const iat = Math.min(now, exp - 3600);
    const full: JWTPayload = { iat, nbf: o.notBefore ? now + o.notBefore : iat, exp, ...payload };
    const current = keys[keys.length - 1];
    const kid = o.kid ?? current.kid;
    switch (o.signing ?? "published") {
      case "none":
        return new UnsecuredJWT(full).encode();
      case "hs256-public-key":
        // The old key-confusion forgery: HMAC keyed with the issuer's public key, which anyone can download.
        return new SignJWT(full)
          .setProtectedHeader({ alg: "HS256", typ: "JWT", kid })
          .sign(new TextEncoder().encode(current.spki));
      case "rogue":
        rogue ??= newKey(keys[0].kid);
        return new SignJWT(full)
          .setProtectedHeader({ alg: "RS256", typ: "JWT", kid })
          .sign((await rogue).privateKey);
      default: {
        const key = keys.find((k) => k.kid === kid) ?? current;
        return new SignJWT(full).setProtectedHeader({ alg: "RS256", typ: "JWT", kid }).sign(key.privateKey);
      }
    }
  }

  const issuer: LocalIssuer = {
    url: "",
    microsoftAuthorityHost: "",
    googleIssuer: "",
    jwksFetches,
    mintMicrosoft: (input, o) =>
      sign(
        {
          aud: input.audience,
          iss: `${msHost()}/${input.tid}/v2.0`,
          aio: randomUUID().replace(/-/g, ""),
          azp: "ea5a67f6-b6f3-4338-b240-c655ddc3cc8e", // Office's client id, the NAA broker's
          azpacr: "0",
          name: input.name ?? input.email.split("@")[0],
          oid: input.oid,
          preferred_username: input.email,
          email: input.email,
          xms_edov: input.emailDomainVerified ?? true,
          rh: "0.local",
          scp: input.scp ?? "access_as_user",
          sub: `sub-${input.oid}`,
          tid: input.tid,
          uti: randomUUID().replace(/-/g, "").slice(0, 22),
          ver: "2.0",
          ...input.claims,
        },
        o,
      ),
    mintGoogle: (input, o) =>
      sign(
        {
          iss: googleIssuer(),
          azp: input.audience,
          aud: input.audience,
          sub: input.sub,
          email: input.email,
          email_verified: input.emailVerified ?? true,
          ...(input.hd ? { hd: input.hd } : {}),
          ...input.claims,
        },
        o,
      ),
    rotateKey: async () => {
      const key = await newKey(`local-key-${keys.length + 1}`);
      keys.push(key);
      return key.kid;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };

  await new Promise<void>((r, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => r());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer.url = base;
  issuer.microsoftAuthorityHost = msHost();
  issuer.googleIssuer = googleIssuer();
  return issuer;
}

/** The Entra app, Google client and tenant the harness's local issuer stands in for. */
export const LOCAL_IDENTITY = {
  microsoftClientId: "7b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
  googleClientId: "touchbase-local.apps.googleusercontent.com",
  tenantId: "d9c4b2a1-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
} as const;

/** Identity settings that trust the local issuer for Microsoft and Google (the harness's zero-setup sign-in). */
export function localIdentityConfig<T extends { microsoftAuthorityHost: string; googleIssuer: string }>(
  config: T & { microsoftClientIds: string[]; googleClientIds: string[] },
  issuer: LocalIssuer,
): T {
  return {
    ...config,
    microsoftAuthorityHost: issuer.microsoftAuthorityHost,
    googleIssuer: issuer.googleIssuer,
    microsoftClientIds: [LOCAL_IDENTITY.microsoftClientId],
    googleClientIds: [LOCAL_IDENTITY.googleClientId],
  };
}
