import { createHash, randomBytes } from "node:crypto";

/** A new id: a short prefix saying what it is, then 96 random bits (`cus_3kQ…`). */
export function newId(prefix: "ws" | "usr" | "tok" | "cus" | "con" | "exc" | "em"): string {
  return `${prefix}_${randomBytes(12).toString("base64url")}`;
}

/** A new API token. Only its hash is stored; the token is shown once. */
export function newToken(): string {
  return `tb_${randomBytes(24).toString("base64url")}`;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newInboundKey(): string {
  return randomBytes(15).toString("base64url").replace(/[-_]/g, "x").toLowerCase();
}
