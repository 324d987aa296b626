// The HTTPS certificate for `npm run dev:outlook`. office-addin-dev-certs installs its development CA in the
// trust store, which needs `sudo` on Linux (and a password elsewhere). Where that fails — no sudo, a locked-down
// machine — the same certificates are made without installing anything, the server starts anyway, and the
// developer is told how to trust the CA by hand, for their user only.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { generateCertificates, getHttpsServerOptions } from "office-addin-dev-certs";

export interface DevCertificate {
  tls: { ca: Buffer; cert: Buffer; key: Buffer };
  /** False when the CA could not be installed: `advice` says how to trust it by hand. */
  trusted: boolean;
  advice: string | null;
}

export interface CertificateFiles {
  ca: string;
  cert: string;
  key: string;
}

/** Where the CA and certificate are written when they cannot be installed (never in the repository). */
export const FALLBACK_FILES: CertificateFiles = {
  ca: join(homedir(), ".touchbase-dev-certs", "ca.crt"),
  cert: join(homedir(), ".touchbase-dev-certs", "localhost.crt"),
  key: join(homedir(), ".touchbase-dev-certs", "localhost.key"),
};

/** How to trust `caPath` for the current user, without administrator rights, on each platform. */
export function trustAdvice(caPath: string, platform: NodeJS.Platform, reason: string): string {
  const how: Record<string, string[]> = {
    linux: [
      `Chrome, Edge and other NSS browsers: certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "Touchbase dev CA" -i '${caPath}'`,
      "  (certutil is in libnss3-tools), or Settings → Privacy and security → Manage certificates → Authorities → Import.",
      "Firefox: Settings → Privacy & Security → Certificates → View Certificates → Authorities → Import.",
    ],
    darwin: [`security add-trusted-cert -r trustRoot -k ~/Library/Keychains/login.keychain-db '${caPath}'`],
    win32: [`certutil -user -addstore Root "${caPath}"`],
  };
  return [
    `The Office development certificate could not be installed (${reason}).`,
    `dev:outlook serves with a certificate made without installing it; trust its CA by hand, once:`,
    ...(how[platform] ?? [`import ${caPath} into your browser's trusted authorities.`]).map((l) => `  ${l}`),
    "Then restart the browser (or Outlook) so it reads the trust store again.",
  ].join("\n");
}

/**
 * The development certificate: installed through office-addin-dev-certs when possible, else generated into
 * `files` (reused while they exist) with advice on trusting the CA by hand.
 */
export async function devCertificate(
  options: {
    install?: () => Promise<{ ca: Buffer; cert: Buffer; key: Buffer }>;
    files?: CertificateFiles;
    platform?: NodeJS.Platform;
  } = {},
): Promise<DevCertificate> {
  const install = options.install ?? (async () => (await getHttpsServerOptions()) as DevCertificate["tls"]);
  const files = options.files ?? FALLBACK_FILES;
  try {
    return { tls: await install(), trusted: true, advice: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    if (!existsSync(files.ca) || !existsSync(files.cert) || !existsSync(files.key)) {
      mkdirSync(dirname(files.ca), { recursive: true });
      await generateCertificates(files.ca, files.cert, files.key, 30, ["localhost", "127.0.0.1"]);
    }
    return {
      tls: { ca: readFileSync(files.ca), cert: readFileSync(files.cert), key: readFileSync(files.key) },
      trusted: false,
      advice: trustAdvice(files.ca, options.platform ?? process.platform, reason),
    };
  }
}
