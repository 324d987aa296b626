// OAuth scopes the simulated services check, and Apps Script's sentence when a script lacks one.
import { exception } from "./apps-script-error";

export const SCOPES = {
  scriptapp: "https://www.googleapis.com/auth/script.scriptapp",
  userinfoEmail: "https://www.googleapis.com/auth/userinfo.email",
  openid: "openid",
  externalRequest: "https://www.googleapis.com/auth/script.external_request",
  storage: "https://www.googleapis.com/auth/script.storage",
  gmailReadonly: "https://www.googleapis.com/auth/gmail.readonly",
  gmailFull: "https://mail.google.com/",
  gmailLabels: "https://www.googleapis.com/auth/gmail.labels",
  currentMessageReadonly: "https://www.googleapis.com/auth/gmail.addons.current.message.readonly",
  currentMessageMetadata: "https://www.googleapis.com/auth/gmail.addons.current.message.metadata",
} as const;

export function requireScope(scopes: ReadonlySet<string>, method: string, ...anyOf: string[]): void {
  if (!anyOf.some((s) => scopes.has(s))) {
    throw exception(
      `You do not have permission to call ${method}. Required permissions: ${anyOf.join(" or ")}`,
    );
  }
}
