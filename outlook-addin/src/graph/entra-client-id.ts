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

declare const __TOUCHBASE_API_SCOPE__: string | undefined;
declare const __TOUCHBASE_SERVER_URL__: string | undefined;

/**
 * The scope of Touchbase's own API the add-in asks Entra for, from TOUCHBASE_ENTRA_API_SCOPE; by default the
 * `access_as_user` scope of the app's Application ID URI `api://<add-in host>/<client id>` (what Microsoft's NAA
 * guidance registers). Empty without a client id. Checked at build time.
 */
export function touchbaseApiScope(
  setting = typeof __TOUCHBASE_API_SCOPE__ === "string" ? __TOUCHBASE_API_SCOPE__ : "",
  clientId = entraClientId(),
  baseUrl = "",
): string {
  const value = setting.trim();
  if (value) {
    if (!/^(api:\/\/|https:\/\/)\S+\/[A-Za-z0-9_.-]+$/.test(value)) {
      throw new Error(
        `TOUCHBASE_ENTRA_API_SCOPE must look like api://<host>/<client id>/access_as_user (got "${value}").`,
      );
    }
    return value;
  }
  if (!clientId || !baseUrl) return "";
  return `api://${new URL(baseUrl).host}/${clientId}/access_as_user`;
}

/**
 * The Touchbase server the add-in talks to unless Settings say otherwise: TOUCHBASE_SERVER_URL at build time, by
 * default the origin the add-in is served from (the backend serves it under /outlook/).
 */
export function defaultServerUrl(): string {
  return typeof __TOUCHBASE_SERVER_URL__ === "string" ? __TOUCHBASE_SERVER_URL__ : "";
}
