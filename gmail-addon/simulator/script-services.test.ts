// Utilities and Session as Apps Script behaves: digests as Java's signed bytes, charsets, the user's address.
import { describe, expect, it } from "vitest";
import { SCOPES } from "./scopes";
import { createSession, createUtilities } from "./script-services";
import { ServiceMeter } from "./service-meter";
import { VirtualClock } from "./virtual-clock";

const utilities = () => createUtilities(new ServiceMeter(), new VirtualClock());
const hex = (bytes: number[]) => bytes.map((b) => ((b + 256) % 256).toString(16).padStart(2, "0")).join("");

describe("Utilities fake", () => {
  it("computes digests as signed bytes, over UTF-8 or US-ASCII text or a byte array", () => {
    const u = utilities();
    const abc = u.computeDigest(u.DigestAlgorithm.SHA_256, "abc", u.Charset.UTF_8);
    expect(abc).toHaveLength(32);
    expect(abc.every((b) => Number.isInteger(b) && b >= -128 && b <= 127)).toBe(true);
    expect(abc.some((b) => b < 0)).toBe(true);
    expect(hex(abc)).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // "ü" is two bytes in UTF-8 and a "?" in US-ASCII, as Java's encoder replaces it.
    expect(u.computeDigest(u.DigestAlgorithm.MD5, "ü", u.Charset.UTF_8)).toEqual(
      u.computeDigest(u.DigestAlgorithm.MD5, [0xc3, 0xbc]),
    );
    expect(hex(u.computeDigest(u.DigestAlgorithm.SHA_1, "ü", u.Charset.US_ASCII))).toBe(
      hex(u.computeDigest(u.DigestAlgorithm.SHA_1, "?", u.Charset.US_ASCII)),
    );
    expect(u.computeDigest(u.DigestAlgorithm.SHA_1, [-1, 0, 1])).toEqual(
      u.computeDigest(u.DigestAlgorithm.SHA_1, [255, 0, 1]),
    );
    expect(() => u.computeDigest("SHA_999", "x")).toThrow(/Invalid argument: algorithm/);
    expect(() => u.computeDigest(u.DigestAlgorithm.SHA_256, "x", "UTF_16")).toThrow(/charset/);
  });
});

describe("Session fake", () => {
  it("returns the user's address only with userinfo.email, an empty string otherwise", () => {
    expect(
      createSession(new ServiceMeter(), new Set([SCOPES.userinfoEmail]), "me@x.com", "Etc/UTC")
        .getActiveUser()
        .getEmail(),
    ).toBe("me@x.com");
    expect(
      createSession(new ServiceMeter(), new Set(), "me@x.com", "Etc/UTC").getActiveUser().getEmail(),
    ).toBe("");
  });
});
