// The user's Google identity as the add-on's credential: `ScriptApp.getIdentityToken()` is an OpenID Connect ID
// token for the effective user (scopes `openid` + `userinfo.email`), signed by Google, for this project's OAuth
// client. The backend verifies it (backend/src/identity/token-verifier.ts); nothing secret is stored or pasted.
import { ConfigError } from "../config/user-config";

let current: string | null = null;

/** One token per execution (each execution starts with fresh globals); Google renews it between executions. */
export function identityToken_(): string {
  if (current) return current;
  const token = ScriptApp.getIdentityToken();
  if (!token) {
    throw new ConfigError(
      "no_identity",
      "Google did not share your identity with Touchbase. Reinstall the add-on and allow it to see your email address.",
    );
  }
  current = token;
  return token;
}
