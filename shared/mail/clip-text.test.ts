import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clipText } from "./clip-text";

describe("clipText", () => {
  it("keeps a short text whole, folding its whitespace", () => {
    expect(clipText("Hi Peter,\n\n  thanks", 80)).toBe("Hi Peter, thanks");
  });

  it("cuts a long text after a whole word and says so with an ellipsis", () => {
    const text = "Hi Peter, export the customers, change the owner column and import the file again tomorrow";
    expect(clipText(text, 80)).toBe(
      "Hi Peter, export the customers, change the owner column and import the file…",
    );
  });

  it("drops trailing punctuation before the ellipsis", () => {
    expect(clipText("Renewal, pricing, and the rest of it", 20)).toBe("Renewal, pricing…");
  });

  it("cuts inside a single word longer than the room", () => {
    expect(clipText("a".repeat(30), 10)).toBe(`${"a".repeat(9)}…`);
  });

  it("never exceeds the room and never loses the start", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 2, max: 120 }), (text, max) => {
        const clipped = clipText(text, max);
        expect(clipped.length).toBeLessThanOrEqual(max);
        const flat = text.replace(/\s+/g, " ").trim();
        if (flat.length <= max) expect(clipped).toBe(flat);
        else expect(clipped.endsWith("…")).toBe(true);
      }),
    );
  });
});
