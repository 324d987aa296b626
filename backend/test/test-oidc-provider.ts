// A certified OpenID Provider (`oidc-provider`) in-process on localhost, with its development login and consent
// pages: the web sign-in's E2E test signs in through it exactly as through Microsoft, Google or Okta.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/** Any login name is an account; `<name>` signs in as `<name>` with a verified address of that name. */
export async function startTestOidcProvider(redirectUri: () => string): Promise<TestOidcProvider> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const clientId = "touchbase-web";
  const clientSecret = "a-long-enough-client-secret-for-the-test-provider";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri()],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Put the scopes' claims into the ID token itself, as Microsoft and Google do.
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, email: sub, email_verified: true, name: sub.split("@")[0] }),
    }),
    cookies: { keys: ["touchbase-test-cookie-key-1"] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
  });
  // The development keys and interactions print warnings meant for production servers; they are the point here.
  handler = provider.callback();
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
