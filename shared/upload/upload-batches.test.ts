import { describe, expect, it } from "vitest";
import type { EmailInput } from "../api/schemas";
import { emailKey, mailOfEmail } from "./email-input-rules";
import { MAX_UPLOAD_BYTES, uploadBatches, utf8Length } from "./upload-batches";

const email = (n: number, text = ""): EmailInput => ({
  messageId: `<m${n}@example.com>`,
  from: "ana@customer.example",
  sentAt: "2026-01-02T03:04:05Z",
  text,
});
const bodyBytes = (batch: EmailInput[]) => utf8Length(JSON.stringify({ emails: batch }));

describe("uploadBatches", () => {
  it("counts UTF-8 bytes, not UTF-16 units: three 1.8 MB emails of 600,000 '€' need two batches", () => {
    const threeByte = "€".repeat(600_000);
    const batches = uploadBatches([email(1, threeByte), email(2, threeByte), email(3, threeByte)], (e) => e);
    expect(batches.map((b) => b.length)).toEqual([2, 1]);
    for (const batch of batches) expect(bodyBytes(batch)).toBeLessThanOrEqual(MAX_UPLOAD_BYTES);
  });

  it("keeps order, caps at 100 emails, and sends an email bigger than the limit alone", () => {
    const many = Array.from({ length: 250 }, (_, i) => email(i));
    const batches = uploadBatches(many, (e) => e);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat()).toEqual(many);
    expect(uploadBatches([email(1), email(2, "x".repeat(200)), email(3)], (e) => e, 300)).toHaveLength(3);
  });

  it("measures the exact UTF-8 length of the request body", () => {
    for (const text of ["plain", "é€😀", "\ud800 lone", ""]) {
      const batch = [email(1, text)];
      expect(bodyBytes(batch)).toBe(new TextEncoder().encode(JSON.stringify({ emails: batch })).length);
    }
  });
});

describe("email rules shared by the add-ins and the backend", () => {
  it("keys an email by its normalized Message-ID, so a re-upload is recognised", () => {
    expect(emailKey(email(1))).toBe(emailKey({ ...email(1), messageId: " <M1@EXAMPLE.com> " }));
    expect(emailKey(email(1))).not.toBe(emailKey(email(2)));
  });

  it("gives the classifier the date the email was sent and no body", () => {
    const mail = mailOfEmail({ ...email(1, "body"), headers: { "List-Id": "x" }, hasCalendarInvite: true });
    expect(mail).toMatchObject({
      date: "2026-01-02T03:04:05Z",
      headers: { "List-Id": "x" },
      hasCalendarInvite: true,
    });
    expect(mail).not.toHaveProperty("text");
  });
});
