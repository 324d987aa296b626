import { decodeEncodedWords } from "../address/encoded-words";
import { isRoleLocalPart } from "./role-accounts";

export interface ContactName {
  firstName: string;
  lastName: string;
}

const NO_NAME: ContactName = { firstName: "", lastName: "" };

function titleCase(word: string): string {
  return word
    .toLowerCase()
    .replace(/(^|[-'’])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toUpperCase());
}

/**
 * "JOHN DOE" and "john doe" become "John Doe"; a name written in mixed case ("Ludwig van Beethoven",
 * "Ronald McDonald") is kept exactly as the person wrote it.
 */
function fixCase(words: string[]): string[] {
  const whole = words.join(" ");
  const uniform = whole === whole.toLowerCase() || whole === whole.toUpperCase();
  return uniform ? words.map(titleCase) : words;
}

function splitWords(words: string[]): ContactName {
  const clean = fixCase(words.filter(Boolean));
  if (clean.length === 0) return NO_NAME;
  return { firstName: clean[0], lastName: clean.slice(1).join(" ") };
}

function cleanDisplayName(displayName: string): string {
  return decodeEncodedWords(displayName)
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ") // "John Doe (Acme)", "Jane [mailto:…]"
    .replace(/^[\s"'“”‘’]+|[\s"'“”‘’]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function fromDisplayName(displayName: string, localPart: string): ContactName | null {
  const name = cleanDisplayName(displayName);
  if (!name || name.includes("@")) return null;
  const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  if (squash(name) === squash(localPart)) return null;
  if (!/\p{L}/u.test(name)) return null;
  if (/\d/.test(name)) return null; // "Ticket 4711", "John2000": not a person's name
  const comma = name.indexOf(",");
  if (comma > 0) {
    // "Doe, John" — family name first.
    const last = name.slice(0, comma).trim();
    const first = name.slice(comma + 1).trim();
    if (last && first && !first.includes(",")) {
      const firstWords = first.split(" ");
      const fixed = fixCase([...firstWords, ...last.split(" ")]);
      return {
        firstName: fixed.slice(0, firstWords.length).join(" "),
        lastName: fixed.slice(firstWords.length).join(" "),
      };
    }
  }
  return splitWords(name.split(" "));
}

function fromLocalPart(localPart: string): ContactName {
  const base = localPart.split("+")[0].replace(/^"|"$/g, "");
  // Names are split on "." and "_"; a "-" joins a double name (john-paul.smith) unless it is the only separator.
  let parts = base.split(/[._]+/).filter(Boolean);
  if (parts.length === 1) parts = base.split(/-+/).filter(Boolean);
  parts = parts.map((p) => p.replace(/\d+$/, "")).filter((p) => /^[\p{L}'’-]+$/u.test(p));
  if (parts.length === 0) return NO_NAME;
  if (parts.length === 1 && parts[0].length < 2) return NO_NAME;
  return splitWords(parts);
}

/**
 * A person's first and last name for a new contact: from the display name when it is a real name
 * ("John Doe", "Doe, John", quoted forms), otherwise from the address's local part
 * (`jean.luc.picard` → Jean / Luc Picard). Role accounts (info@, support@, …) get no name.
 */
export function contactName(address: string, displayName?: string): ContactName {
  try {
    if (typeof address !== "string") return NO_NAME;
    const s = address.trim().replace(/^<|>$/g, "");
    const at = s.lastIndexOf("@");
    const localPart = (at >= 0 ? s.slice(0, at) : s).toLowerCase();
    if (!localPart || isRoleLocalPart(localPart)) return NO_NAME;
    if (typeof displayName === "string") {
      const named = fromDisplayName(displayName, localPart);
      if (named) return named;
    }
    return fromLocalPart(localPart);
  } catch {
    return NO_NAME;
  }
}
