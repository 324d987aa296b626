import { describe, expect, it } from "vitest";
import { attributeLabel, attributeValue, displayedAttributes } from "./attribute-display";

describe("attribute display", () => {
  it("labels keys as people read them", () => {
    expect(attributeLabel("arr")).toBe("ARR");
    expect(attributeLabel("renewalDate")).toBe("Renewal date");
    expect(attributeLabel("health_score")).toBe("Health score");
  });

  it("writes money in the customer's currency, the workspace default otherwise", () => {
    expect(attributeValue("arr", 120000, { locale: "en-US" })).toBe("$120,000");
    expect(attributeValue("arr", 120000, { currency: "eur", locale: "en-US" })).toBe("€120,000");
    expect(attributeValue("mrr", 99.5, { currency: "GBP", locale: "en-US" })).toBe("£99.50");
    expect(attributeValue("arr", 5, { currency: "not-a-code", locale: "en-US" })).toBe("5 NOT-A-CODE");
    expect(attributeValue("seats", 1200, { locale: "en-US" })).toBe("1,200");
  });

  it("shows booleans, empty values and text plainly", () => {
    expect(attributeValue("active", true)).toBe("Yes");
    expect(attributeValue("active", false)).toBe("No");
    expect(attributeValue("owner", null)).toBe("—");
    expect(attributeValue("owner", "")).toBe("—");
    expect(attributeValue("owner", "Dana")).toBe("Dana");
  });

  it("puts the owner first, folds the currency attribute into the money lines", () => {
    const lines = displayedAttributes(
      { tier: "Gold", arr: 120000, currency: "EUR", owner: "Dana" },
      { locale: "en-US" },
    );
    expect(lines.map((l) => `${l.label}: ${l.text}`)).toEqual(["Owner: Dana", "ARR: €120,000", "Tier: Gold"]);
  });
});
