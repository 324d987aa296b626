// The Entra app (client) id compiled in by webpack's DefinePlugin from TOUCHBASE_ENTRA_CLIENT_ID.
declare const __TOUCHBASE_ENTRA_CLIENT_ID__: string | undefined;

export function entraClientId(): string {
  return typeof __TOUCHBASE_ENTRA_CLIENT_ID__ === "string" ? __TOUCHBASE_ENTRA_CLIENT_ID__ : "";
}
