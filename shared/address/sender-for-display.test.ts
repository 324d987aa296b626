import { describe, expect, it } from "vitest";
import { senderForDisplay } from "./sender-for-display";

describe("senderForDisplay", () => {
  it("drops the quotes around a display name", () => {
    expect(senderForDisplay('"Wile Coyote" <wile.coyote@acme.com>')).toBe(
      "Wile Coyote <wile.coyote@acme.com>",
    );
  });
  it("unescapes what the quotes escaped", () => {
    expect(senderForDisplay('"Coyote, Wile \\"E.\\"" <w@acme.com>')).toBe('Coyote, Wile "E." <w@acme.com>');
  });
  it("shows an empty quoted name as the bare address", () => {
    expect(senderForDisplay('"" <w@acme.com>')).toBe("w@acme.com");
  });
  it("leaves an unquoted name, a bare address and a list as they are", () => {
    expect(senderForDisplay("Road Runner <rr@acme.com>")).toBe("Road Runner <rr@acme.com>");
    expect(senderForDisplay(" rr@acme.com ")).toBe("rr@acme.com");
    expect(senderForDisplay('"A" <a@x.com>, "B" <b@x.com>')).toBe('"A" <a@x.com>, "B" <b@x.com>');
  });
});
