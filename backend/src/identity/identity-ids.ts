import { randomBytes } from "node:crypto";

/** Ids and secrets of the identity tables (the shared `newId` keeps its own list of prefixes). */
export function identityId(prefix: "idn" | "inv" | "ses" | "lnk" | "flw" | "usr"): string {
  return `${prefix}_${randomBytes(12).toString("base64url")}`;
}

/** A secret for a cookie or a link: 256 random bits. Only its SHA-256 is stored. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}
