// Test helper: a fixture .eml through a real MIME parser (postal-mime) into the core's MailMessage.
import PostalMime from "postal-mime";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { MailMessage } from "../index";

export const FIXTURE_DIR = join(import.meta.dirname, "../fixtures/eml");

export function fixtureFiles(dir = FIXTURE_DIR): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? fixtureFiles(path) : name.endsWith(".eml") ? [path] : [];
    })
    .sort();
}

export function fixtureName(path: string): string {
  return relative(FIXTURE_DIR, path);
}

export async function parseFixture(path: string): Promise<MailMessage> {
  const email = await PostalMime.parse(readFileSync(path));
  const headers: Record<string, string> = {};
  for (const h of email.headers) headers[h.key] = headers[h.key] ? `${headers[h.key]}, ${h.value}` : h.value;
  const calendar =
    (email.attachments ?? []).some((a) => /text\/calendar/i.test(a.mimeType)) ||
    /text\/calendar/i.test(headers["content-type"] ?? "");
  return {
    messageId: email.messageId,
    from: headers["from"] ?? "",
    to: headers["to"],
    cc: headers["cc"],
    bcc: headers["bcc"],
    subject: email.subject,
    date: email.date,
    headers,
    hasCalendarInvite: calendar,
  };
}
