import { decodeEncodedWords } from "../address/encoded-words";
import { isLowerCaseRoleLocalPart } from "./role-accounts";

export interface ContactName {
  firstName: string;
  lastName: string;
}

const NO_NAME: ContactName = { firstName: "", lastName: "" };

function capitalize(part: string): string {
  return part.charAt(0).toUpperCase() + part.slice(1);
}

/** "jean-luc" → "Jean-Luc", "o'brien" → "O'Brien". */
function titleCase(word: string): string {
  const lower = word.toLowerCase();
  if (!/[-'’]/.test(lower)) return capitalize(lower);
  return lower.replace(/(^|[-'’])([^-'’])/g, (_m, sep: string, letter: string) => sep + letter.toUpperCase());
}

/**
 * "JOHN DOE" and "john doe" become "John Doe"; a name written in mixed case ("Ludwig van Beethoven",
 * "Ronald McDonald") is kept exactly as the person wrote it.
 */
function fixCase(words: string[]): string[] {
  return isUniformCase(words) ? words.map(titleCase) : words;
}

/**
 * Whether the words read the same lower-cased or upper-cased. ASCII is decided by letter ranges, stopping at the
 * first mix of both (most names): two case conversions of the whole cost more than the rest of naming a contact.
 */
function isUniformCase(words: string[]): boolean {
  let upper = false;
  let lower = false;
  for (const word of words) {
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      if (c > 127) {
        const whole = words.join(" ");
        return whole === whole.toLowerCase() || whole === whole.toUpperCase();
      }
      if (c >= 65 && c <= 90) upper = true;
      else if (c >= 97 && c <= 122) lower = true;
      if (upper && lower) return false;
    }
  }
  return true;
}

function splitWords(words: string[]): ContactName {
  const clean = fixCase(words.filter(Boolean));
  if (clean.length === 0) return NO_NAME;
  return { firstName: clean[0], lastName: clean.slice(1).join(" ") };
}

const NEEDS_CLEANING = /[()[\]"'“”‘’=]|\s\s|^\s|\s$/;

function cleanDisplayName(displayName: string): string {
  if (!NEEDS_CLEANING.test(displayName)) return displayName; // the usual "Jane Roe": nothing to do
  return decodeEncodedWords(displayName)
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ") // "John Doe (Acme)", "Jane [mailto:…]"
    .replace(/^[\s"'“”‘’]+|[\s"'“”‘’]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** "john.doe" shown as the name of john.doe@… (or "JDOE" for jdoe@…) is no name at all. */
function isJustTheLocalPart(name: string, localPart: string): boolean {
  if (name.includes(" ")) return false;
  const squash = (s: string) => s.toLowerCase().replace(/[._\-+']/g, "");
  return squash(name) === squash(localPart);
}

// The usual display name, "Jane Roe": words of ASCII letters split by single spaces. Nothing below can reject
// it or clean it, so it goes straight to the split (one test instead of six on every proposed contact).
const PLAIN_NAME = /^[A-Za-z]+(?: [A-Za-z]+)+$/;

function fromDisplayName(displayName: string, localPart: string): ContactName | null {
  if (PLAIN_NAME.test(displayName)) return splitWords(displayName.split(" "));
  const name = cleanDisplayName(displayName);
  if (!name || name.includes("@") || isJustTheLocalPart(name, localPart)) return null;
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

const NAME_PART = /^[\p{L}'’-]+$/u;
const DOT = 46;
const UNDERSCORE = 95;
const HYPHEN = 45;

// Runs once per proposed contact in a folder sync, so it walks the local part by hand: a RegExp split and a
// RegExp test per word cost about a microsecond, more than all the matching before it.
function fromLocalPart(localPart: string): ContactName {
  const plus = localPart.indexOf("+");
  let base = plus >= 0 ? localPart.slice(0, plus) : localPart;
  if (base.startsWith('"')) base = base.replace(/"/g, "");
  // Names are split on "." and "_"; a "-" joins a double name (john-paul.smith) unless it is the only separator.
  const dotted = base.includes(".") || base.includes("_");
  const words: string[] = [];
  let start = 0;
  for (let i = 0; i <= base.length; i++) {
    if (i < base.length) {
      const c = base.charCodeAt(i);
      if (dotted ? c !== DOT && c !== UNDERSCORE : c !== HYPHEN) continue;
    }
    const word = nameWord(base, start, i);
    if (word !== "") words.push(word);
    start = i + 1;
  }
  if (words.length === 0 || (words.length === 1 && words[0].length < 2)) return NO_NAME;
  const lastName = words.length === 1 ? "" : words.length === 2 ? words[1] : words.slice(1).join(" ");
  return { firstName: words[0], lastName };
}

/** `base[start, end)` without its trailing digits (john.doe2) as a name word, title-cased; "" when it is none. */
function nameWord(base: string, start: number, end: number): string {
  while (end > start && base.charCodeAt(end - 1) >= 48 && base.charCodeAt(end - 1) <= 57) end--;
  if (end === start) return "";
  let plain = true; // [a-z]+, the usual case: its title case is the first letter upper-cased
  for (let i = start; i < end && plain; i++) plain = base.charCodeAt(i) >= 97 && base.charCodeAt(i) <= 122;
  if (plain) return String.fromCharCode(base.charCodeAt(start) - 32) + base.slice(start + 1, end);
  const word = base.slice(start, end);
  return NAME_PART.test(word) ? titleCase(word) : "";
}

/**
 * A person's first and last name for a new contact: from the display name when it is a real name
 * ("John Doe", "Doe, John", quoted forms), otherwise from the address's local part
 * (`jean.luc.picard` → Jean / Luc Picard). Role accounts (info@, support@, …) get no name.
 */
export function contactName(address: string, displayName?: string): ContactName {
  try {
    if (typeof address !== "string") return NO_NAME;
    let s = address.trim();
    if (s.startsWith("<") && s.endsWith(">")) s = s.slice(1, -1);
    const at = s.lastIndexOf("@");
    const localPart = (at >= 0 ? s.slice(0, at) : s).toLowerCase();
    if (!localPart || isLowerCaseRoleLocalPart(localPart)) return NO_NAME;
    return personName(localPart, displayName);
  } catch {
    return NO_NAME;
  }
}

/** `contactName` for a lower-case local part already known not to be a role account (the classifier's case). */
export function personName(localPart: string, displayName?: string): ContactName {
  if (typeof displayName === "string" && displayName !== "") {
    const named = fromDisplayName(displayName, localPart);
    if (named) return named;
  }
  return fromLocalPart(localPart);
}
