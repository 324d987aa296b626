import { describe, expect, it } from "vitest";
import { configFromEnv } from "./config";

describe("the server's settings from the environment", () => {
  it("refuses a bootstrap token short enough to guess, with a sentence that says how to make one", () => {
    expect(() => configFromEnv({ TOUCHBASE_BOOTSTRAP_TOKEN: "x" })).toThrow(/at least 32 characters/);
    expect(() => configFromEnv({ TOUCHBASE_BOOTSTRAP_TOKEN: "tb_short_value_0123456789" })).toThrow(
      /TOUCHBASE_BOOTSTRAP_TOKEN/,
    );
  });

  it("takes a long bootstrap token, trimmed, and no token when the variable is empty", () => {
    const long = "tb_bootstrap_for_automation_0123456789";
    expect(configFromEnv({ TOUCHBASE_BOOTSTRAP_TOKEN: ` ${long} ` }).bootstrapToken).toBe(long);
    expect(configFromEnv({ TOUCHBASE_BOOTSTRAP_TOKEN: "" }).bootstrapToken).toBeUndefined();
  });
});
