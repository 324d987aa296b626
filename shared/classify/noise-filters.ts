import type { MailMessage } from "./types";

export type Noise = "bulk" | "auto-reply" | "no-reply" | "calendar";

/** Header lookup that ignores the case of header names. */
const NO_HEADERS = () => "";

export function headerReader(headers: Record<string, string> | undefined): (name: string) => string {
  if (!headers || typeof headers !== "object") return NO_HEADERS;
  const lower = new Map<string, string>();
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    if (typeof value === "string") lower.set(key.toLowerCase(), value);
  }
  return (name) => lower.get(name) ?? "";
}

const AUTO_REPLY_SUBJECT = new RegExp(
  "^\\s*(" +
    [
      "automatic reply",
      "auto(matic)?[- ]?(reply|response)",
      "autoreply",
      "out of (the )?office",
      "ooo\\b",
      "abwesenheitsnotiz",
      "automatische antwort",
      "r[ée]ponse automatique",
      "absence du bureau",
      "respuesta autom[áa]tica",
      "risposta automatica",
      "resposta autom[áa]tica",
      "automatisch antwoord",
      "autosvar",
      "automaattinen vastaus",
      "automatyczna odpowied[źz]",
      "自动回复",
      "自動応答",
    ].join("|") +
    ")",
  "i",
);

const NO_REPLY_LOCAL =
  /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?)([-_.+].*|\d*)$/i;

function squash(value: string): string {
  return value.toLowerCase().replace(/\s+/g, "");
}

/** Auto-Submitted's first token, lower-cased ("auto-replied; foo" → "auto-replied"). */
function autoSubmitted(read: (name: string) => string): string {
  return read("auto-submitted").split(";")[0].trim().toLowerCase();
}

export function isAutoReply(message: MailMessage, read: (name: string) => string): boolean {
  if (read === NO_HEADERS)
    return typeof message.subject === "string" && AUTO_REPLY_SUBJECT.test(message.subject);
  const submitted = autoSubmitted(read);
  if (submitted === "auto-replied") return true;
  if (read("x-autoreply").trim() || read("x-autorespond").trim()) return true;
  if (/^(autoreply|auto-reply)$/.test(squash(read("x-auto-response-type")))) return true;
  return typeof message.subject === "string" && AUTO_REPLY_SUBJECT.test(message.subject);
}

export function isBulk(read: (name: string) => string): boolean {
  if (read === NO_HEADERS) return false;
  if (read("list-unsubscribe").trim() || read("list-id").trim()) return true;
  const precedence = squash(read("precedence"));
  if (precedence === "bulk" || precedence === "list" || precedence === "junk") return true;
  const submitted = autoSubmitted(read);
  return submitted !== "" && submitted !== "no" && submitted !== "auto-replied";
}

const NO_REPLY_FIRST_LETTERS = new Set(["n", "d", "m", "p", "b", "N", "D", "M", "P", "B"]);

export function isNoReplyLocalPart(localPart: string): boolean {
  if (!NO_REPLY_FIRST_LETTERS.has(localPart.charAt(0))) return false; // cheap rejection: most people
  const plus = localPart.indexOf("+");
  return NO_REPLY_LOCAL.test(plus >= 0 ? localPart.slice(0, plus) : localPart);
}

export function isCalendar(message: MailMessage, read: (name: string) => string): boolean {
  if (message.hasCalendarInvite === true) return true;
  if (read === NO_HEADERS) return false;
  if (/text\/calendar/i.test(read("content-type"))) return true;
  return /calendarmessage/i.test(read("content-class"));
}

/**
 * What noise a message is, whatever a workspace chose to skip: a workspace may store auto-replies or bulk mail,
 * but conversation signals (who is waiting for a reply) never count them. `senders` are the normalized From
 * addresses.
 */
export function noiseOf(message: MailMessage, senders: readonly string[]): Noise | null {
  const read = headerReader(message.headers);
  if (isAutoReply(message, read)) return "auto-reply";
  if (isCalendar(message, read)) return "calendar";
  if (senders.some((a) => isNoReplyLocalPart(a.slice(0, a.lastIndexOf("@"))))) return "no-reply";
  if (isBulk(read)) return "bulk";
  return null;
}
