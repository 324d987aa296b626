// Real mail authentication for tests, without the network: an RSA key made here, messages signed with mailauth's
// own dkimSign, and a DNS table that answers mailauth's resolver (DKIM keys, SPF records) locally.
import { generateKeyPairSync } from "node:crypto";
import { dkimSign } from "mailauth/lib/dkim/sign";
import type { DnsResolver } from "../src/inbound/mime-pool";

export type DnsTable = Map<string, { TXT?: string[] }>;

/** mailauth's resolver over a table; a missing name fails as the system resolver does (ENOTFOUND). */
export function localResolver(table: DnsTable): DnsResolver {
  return async (name, rrtype) => {
    const records = table.get(name.toLowerCase().replace(/\.$/, ""))?.[rrtype as "TXT"];
    if (!records?.length) {
      throw Object.assign(new Error(`query${rrtype} ENOTFOUND ${name}`), { code: "ENOTFOUND" });
    }
    // TXT answers come in chunks of at most 255 characters, as dns.promises.resolve returns them.
    return records.map((r) => r.match(/.{1,255}/g) ?? [""]);
  };
}

export interface DkimKey {
  domain: string;
  selector: string;
  privateKey: string;
}

/** A fresh 2048-bit RSA key for `domain`, published in `table` under `<selector>._domainkey.<domain>`. */
export function publishDkimKey(table: DnsTable, domain: string, selector = "tb2026"): DkimKey {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const p = publicKey.export({ type: "spki", format: "der" }).toString("base64");
  table.set(`${selector}._domainkey.${domain}`, { TXT: [`v=DKIM1; k=rsa; p=${p}`] });
  return { domain, selector, privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}

/** The message with a DKIM-Signature of `key`'s domain prepended, as the sender's mail server would add it. */
export async function signMessage(raw: string, key: DkimKey): Promise<string> {
  const message = raw.replace(/\r?\n/g, "\r\n");
  return (await signRawMessage(Buffer.from(message), key)).toString();
}

/**
 * A real-world message's bytes as a mail server relays them — lines ending in CRLF, as SMTP carries them — with a
 * DKIM-Signature of `key`'s domain prepended; every other byte untouched.
 */
export async function signRawMessage(raw: Buffer, key: DkimKey): Promise<Buffer> {
  const message = Buffer.from(raw.toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1");
  const { signatures, errors } = await dkimSign(message, {
    canonicalization: "relaxed/relaxed",
    algorithm: "rsa-sha256",
    signingDomain: key.domain,
    selector: key.selector,
    privateKey: key.privateKey,
    signatureData: [{ signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey }],
  });
  if (errors.length) throw new Error(`signing failed: ${JSON.stringify(errors)}`);
  return Buffer.concat([Buffer.from(signatures), message]);
}
