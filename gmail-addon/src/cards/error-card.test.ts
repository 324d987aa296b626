// Every Apps Script limit becomes the quota/limit card's sentence, never "something went wrong".
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../shared";
import { describeError_ } from "./error-card";

const exception = (message: string) => Object.assign(new Error(message), { name: "Exception" });

describe("describeError_", () => {
  it.each([
    ["Service invoked too many times for one day: urlfetch.", /server requests/],
    ["Service invoked too many times for one day: gmail.", /reading Gmail/],
    ["Service invoked too many times for one day: properties.", /saving its settings/],
    ["Service invoked too many times for one day: email.", /one of today's Google allowances/],
    ["Bandwidth quota exceeded: https://x.test/ (Use try again later)", /server requests/],
    ["Service using too much computer time for one day", /background work/],
  ])("turns %j into the quota card", (message, sentence) => {
    const described = describeError_(exception(message));
    expect(described).toMatchObject({ code: "quota_exhausted", title: "Google quota used up" });
    expect(described.sentence).toMatch(sentence);
    expect(described.sentence).toMatch(/renews within 24 hours/);
  });

  it("turns the execution-time limit into a limit card that says what to do", () => {
    expect(describeError_(exception("Exceeded maximum execution time"))).toEqual({
      code: "time_limit",
      title: "That took too long",
      sentence: expect.stringMatching(/30 seconds.*Try again/),
    });
  });

  it("keeps the server's own errors and hides anything else behind a sentence", () => {
    expect(
      describeError_(new ApiError("unreachable", "The Touchbase server could not be reached.", 0)).title,
    ).toBe("Can't reach Touchbase");
    const other = describeError_(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(other.code).toBe("internal");
    expect(other.sentence).not.toMatch(/undefined|TypeError/);
  });
});
