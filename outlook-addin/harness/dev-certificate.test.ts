import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:https";
import { request } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { devCertificate, trustAdvice } from "./dev-certificate";

const dir = mkdtempSync(join(tmpdir(), "devcert-"));
const files = { ca: join(dir, "ca.crt"), cert: join(dir, "localhost.crt"), key: join(dir, "localhost.key") };
const noSudo = async (): Promise<never> => {
  throw new Error("/bin/sh: 1: sudo: not found\nCommand failed");
};

describe("dev:outlook's certificate on a machine without sudo", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("makes the certificate without installing it, serves HTTPS with it, and says how to trust the CA", async () => {
    const made = await devCertificate({ install: noSudo, files, platform: "linux" });
    expect(made.trusted).toBe(false);
    expect(made.advice).toContain("could not be installed (/bin/sh: 1: sudo: not found)");
    expect(made.advice).toContain(
      `certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "Touchbase dev CA" -i '${files.ca}'`,
    );

    // A client that trusts the generated CA accepts the server: the certificate really is for localhost.
    const server = createServer({ cert: made.tls.cert, key: made.tls.key }, (_req, res) => res.end("ok"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    const body = await new Promise<string>((resolve, reject) =>
      request(`https://localhost:${port}/`, { ca: made.tls.ca }, (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => resolve(text));
      })
        .on("error", reject)
        .end(),
    );
    server.close();
    expect(body).toBe("ok");

    // The next start reuses the same files (the CA the developer trusted stays the same).
    const again = await devCertificate({ install: noSudo, files, platform: "linux" });
    expect(again.tls.ca.equals(made.tls.ca)).toBe(true);
  }, 60_000);

  it("uses the installed certificate when installing works", async () => {
    const tls = { ca: Buffer.from("ca"), cert: Buffer.from("cert"), key: Buffer.from("key") };
    expect(await devCertificate({ install: async () => tls, files })).toEqual({
      tls,
      trusted: true,
      advice: null,
    });
  });

  it("gives a per-user command on macOS and Windows", () => {
    expect(trustAdvice("/x/ca.crt", "darwin", "no")).toContain(
      "security add-trusted-cert -r trustRoot -k ~/Library/Keychains/login.keychain-db '/x/ca.crt'",
    );
    expect(trustAdvice("C:\\x\\ca.crt", "win32", "no")).toContain(
      'certutil -user -addstore Root "C:\\x\\ca.crt"',
    );
  });
});
