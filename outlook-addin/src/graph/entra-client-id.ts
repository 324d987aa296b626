// The Entra app (client) id and authority compiled in by webpack's DefinePlugin from TOUCHBASE_ENTRA_CLIENT_ID and
// TOUCHBASE_ENTRA_AUTHORITY.
declare const __TOUCHBASE_ENTRA_CLIENT_ID__: string | undefined;
declare const __TOUCHBASE_ENTRA_AUTHORITY__: string | undefined;

export function entraClientId(): string {
  return typeof __TOUCHBASE_ENTRA_CLIENT_ID__ === "string" ? __TOUCHBASE_ENTRA_CLIENT_ID__ : "";
}

const LOGIN_HOST = "https://login.microsoftonline.com";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Which accounts MSAL signs in, from TOUCHBASE_ENTRA_AUTHORITY: a tenant id or one of its verified domains for a
 * single-tenant app registration (`common` fails for those with AADSTS50194), `organizations` for a multi-tenant
 * one (work and school accounts), `common` (the default) when personal accounts are wanted too. A full https URL
 * (a sovereign cloud) is taken as it is. Anything else is a build error, not a sign-in error in Outlook.
 */
export function entraAuthority(
  setting = typeof __TOUCHBASE_ENTRA_AUTHORITY__ === "string" ? __TOUCHBASE_ENTRA_AUTHORITY__ : "",
): string {
  const value = setting.trim();
  if (value === "") return `${LOGIN_HOST}/common`;
  if (/^https:\/\/[^/\s]+\/[^/\s]+\/?$/i.test(value)) return value.replace(/\/+$/, "");
  const lower = value.toLowerCase();
  if (["common", "organizations", "consumers"].includes(lower) || GUID.test(value) || DOMAIN.test(value)) {
    return `${LOGIN_HOST}/${lower}`;
  }
  throw new Error(
    `TOUCHBASE_ENTRA_AUTHORITY must be a tenant id, a tenant's domain, organizations, common or an https URL (got "${value}").`,
  );
}
