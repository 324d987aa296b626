// A build for deployment must name the backend's public URL; a development build keeps the placeholder and says so.
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { publicUrlFor } from "./build-addon";
import { DEFAULT_PUBLIC_URL } from "./manifest";

const ROOT = resolve(import.meta.dirname, "../..");
const SENTENCE =
  "This is a build for deployment, but TOUCHBASE_PUBLIC_URL is not set: set it to your backend's public https URL";

describe("the Gmail add-on's public URL", () => {
  it("stops a build for deployment without TOUCHBASE_PUBLIC_URL, with a sentence naming it", () => {
    for (const env of [
      { TOUCHBASE_RELEASE: "1" },
      { NODE_ENV: "production" },
      { TOUCHBASE_RELEASE: "1", TOUCHBASE_PUBLIC_URL: " " },
    ]) {
      expect(() => publicUrlFor(env)).toThrow(SENTENCE);
    }
    // Naming the placeholder itself is no better.
    expect(() => publicUrlFor({ TOUCHBASE_RELEASE: "1", TOUCHBASE_PUBLIC_URL: DEFAULT_PUBLIC_URL })).toThrow(
      SENTENCE,
    );
    expect(publicUrlFor({ TOUCHBASE_RELEASE: "1", TOUCHBASE_PUBLIC_URL: "https://tb.acme-cs.com" })).toEqual({
      publicUrl: "https://tb.acme-cs.com/",
      placeholder: false,
    });
  });

  it("lets a development build keep the placeholder, marked as such", () => {
    expect(publicUrlFor({})).toEqual({ publicUrl: DEFAULT_PUBLIC_URL, placeholder: true });
  });

  it("npm run build:release stops before building, as a process, with the sentence and exit code 1", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.TOUCHBASE_PUBLIC_URL;
    delete env.TOUCHBASE_ADDIN_BASE_URL;
    const run = await new Promise<{ code: number; err: string }>((done) =>
      execFile(
        "npm",
        ["run", "--silent", "build:release"],
        { cwd: ROOT, env, timeout: 60_000 },
        (error, _out, err) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, err }),
      ),
    );
    expect(run.code).toBe(1);
    expect(run.err).toContain(SENTENCE);
    expect(run.err).not.toMatch(/\n\s+at /);
  });
});
