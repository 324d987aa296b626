// A build for deployment must say where the add-in is served: the manifest users install carries that URL.
import { describe, expect, it } from "vitest";
import { addinBaseUrl } from "../webpack.config";

describe("the Outlook add-in's base URL", () => {
  it("is required for a build for deployment", () => {
    expect(() => addinBaseUrl({ TOUCHBASE_RELEASE: "1" })).toThrow(
      "This is a build for deployment, but TOUCHBASE_ADDIN_BASE_URL is not set",
    );
    expect(
      addinBaseUrl({ TOUCHBASE_RELEASE: "1", TOUCHBASE_ADDIN_BASE_URL: "https://tb.acme-cs.com/" }),
    ).toBe("https://tb.acme-cs.com");
    expect(addinBaseUrl({})).toBe("https://localhost:3000");
  });
});
