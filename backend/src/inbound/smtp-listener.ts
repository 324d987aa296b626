import { SMTPServer } from "smtp-server";
import type { Db } from "../db/connect";
import { DataError } from "../data/errors";
import { defaultInboundDeps, receiveInboundMail, type InboundDeps } from "./inbound-mail";

/**
 * An optional SMTP listener for self-hosting: mail to `<inbound key>@<any host>` is handled exactly like
 * `POST /api/v1/inbound/<key>`, except that the connecting server is known: SPF pass for the sender's domain
 * vouches for a message as a DKIM signature would. No authentication (the key is the secret) and no TLS: put it
 * behind your MX, or let the sending domain's own servers deliver to it directly.
 */
export function startSmtpListener(
  db: Db,
  port: number,
  host: string,
  maxBytes: number,
  inbound: InboundDeps = defaultInboundDeps(),
): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: maxBytes,
    banner: "Touchbase inbound",
    logger: false,
    onRcptTo(address, _session, callback) {
      const key = address.address.split("@")[0] ?? "";
      if (!/^[a-z0-9]{1,100}$/i.test(key)) return callback(new Error("550 No such mailbox"));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(Object.assign(new Error("Message too large"), { responseCode: 552 }));
        }
        const raw = new Uint8Array(Buffer.concat(chunks));
        const errors: string[] = [];
        for (const rcpt of session.envelope.rcptTo) {
          try {
            await receiveInboundMail(db, rcpt.address.split("@")[0], raw, inbound, {
              smtp: {
                clientIp: session.remoteAddress,
                helo: session.hostNameAppearsAs ?? "",
                mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              },
            });
          } catch (error) {
            errors.push(error instanceof DataError ? error.message : "The message could not be stored.");
          }
        }
        if (errors.length === session.envelope.rcptTo.length && errors.length > 0) {
          return callback(Object.assign(new Error(errors[0]), { responseCode: 550 }));
        }
        callback();
      });
    },
  });
  return new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.server.address();
      resolveListen({
        port: typeof address === "object" && address ? address.port : port,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
