import { describe, expect, it } from "vitest";
import { KEY_CASES } from "./key-cases";

describe("key cases of the core (Node)", () => {
  it.each(KEY_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(c.run()).toEqual(c.expected);
  });
});
