// Who is signed in, read from the access token MSAL returned. Not a verification — the server verifies every
// request — only the name of the local data: the IndexedDB store belongs to one Microsoft identity (issuer tenant
// + object id, the pair Entra guarantees stable), so another person signing in to the same Outlook never inherits
// a queue, a cursor or a cached index.

export interface SignedInAccount {
  /** `microsoft:<tid>:<oid>`: the key of this user's local data. */
  owner: string;
  username: string;
  name: string;
}

function claimsOf(token: string): Record<string, unknown> | null {
  const part = token.split(".")[1];
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
    const text = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(text) as unknown;
    return claims && typeof claims === "object" ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

/** The account behind a Microsoft access token, or null when it is not a JWT with `tid` and `oid`. */
export function accountOfToken(token: string): SignedInAccount | null {
  const claims = claimsOf(token);
  const tid = text(claims?.tid).toLowerCase();
  const oid = text(claims?.oid).toLowerCase();
  if (!tid || !oid) return null;
  const username = text(claims?.preferred_username) || text(claims?.email) || text(claims?.upn);
  return { owner: `microsoft:${tid}:${oid}`, username, name: text(claims?.name) || username };
}
