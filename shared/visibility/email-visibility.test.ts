import { describe, expect, it } from "vitest";
import {
  emailAccess,
  emailTitle,
  privacyActionLabel,
  mayShowEmailField,
  privateLabel,
  visibleEmailFields,
  VISIBILITY_TIERS,
} from "./email-visibility";

const email = {
  id: "eml_1",
  messageId: "<a@acme.com>",
  subject: "Renewal",
  from: "jane@acme.com",
  to: "dana@us.com",
  cc: "",
  sentAt: "2026-01-01T00:00:00.000Z",
  direction: "inbound",
  snippet: "We would like to renew",
  threadKey: "a@acme.com",
  threadCount: 1,
  text: "We would like to renew",
  html: null,
  replyText: "We would like to renew",
  hasQuotedText: false,
  customerIds: ["cus_1"],
  syncedBy: [{ userId: "usr_1", email: "dana@us.com", syncedAt: "2026-01-01T00:00:00.000Z" }],
  someFutureField: "secret",
};

describe("emailAccess", () => {
  it("gives syncers everything, whatever the tier or privacy", () => {
    for (const tier of VISIBILITY_TIERS) {
      for (const isPrivate of [true, false]) {
        expect(emailAccess({ tier, isPrivate, callerSynced: true })).toBe("full");
      }
    }
  });
  it("gives colleagues the tier on shared threads and `private` on private ones", () => {
    for (const tier of VISIBILITY_TIERS) {
      expect(emailAccess({ tier, isPrivate: false, callerSynced: false })).toBe(tier);
      expect(emailAccess({ tier, isPrivate: true, callerSynced: false })).toBe("private");
    }
  });
});

describe("visibleEmailFields", () => {
  const keys = (access: Parameters<typeof visibleEmailFields>[1]) =>
    Object.keys(visibleEmailFields(email, access)).sort();

  it("full keeps every known field and hides nothing but unknown ones", () => {
    expect(keys("full")).toEqual(Object.keys(email).sort());
  });
  it("subject drops the content", () => {
    expect(keys("subject")).toEqual(
      ["id", "messageId", "subject", "from", "to", "cc", "sentAt", "direction", "threadKey", "threadCount"]
        .concat(["customerIds", "syncedBy"])
        .sort(),
    );
  });
  it("metadata also drops the subject", () => {
    expect(keys("metadata")).not.toContain("subject");
    expect(keys("metadata")).toContain("from");
  });
  it("private keeps only the date, the customer and who synced it", () => {
    expect(keys("private")).toEqual(["customerIds", "id", "sentAt", "syncedBy"]);
  });
  it("fails closed: a field nobody classified needs full access", () => {
    expect(mayShowEmailField("someFutureField", "subject")).toBe(false);
    expect(mayShowEmailField("attachments", "subject")).toBe(false);
  });
});

describe("privateLabel", () => {
  it("names the syncers", () => {
    expect(privateLabel(["Dana"])).toBe("Private — synced by Dana");
    expect(privateLabel(["Dana", "Sam"])).toBe("Private — synced by Dana, Sam");
    expect(privateLabel([])).toBe("Private");
  });
});

describe("emailTitle and privacyActionLabel", () => {
  it("names an email by what the caller may see", () => {
    expect(emailTitle({ subject: "Renewal", access: "full" })).toBe("Renewal");
    expect(emailTitle({ subject: " ", access: "subject" })).toBe("(no subject)");
    expect(emailTitle({ access: "metadata" })).toBe("Subject hidden by the workspace's settings");
    expect(emailTitle({ access: "private", privateSyncedBy: ["Dana"] })).toBe("Private — synced by Dana");
  });
  it("offers the opposite of the thread's state", () => {
    expect(privacyActionLabel(false)).toBe("Make private");
    expect(privacyActionLabel(true)).toBe("Share with team");
  });
});
