// Every card a user meets (the tour in preview/card-tour.ts), produced by the built add-on against the real
// backend, rendered to HTML and photographed in Chromium into test-results/gmail/ so people can see them — by the
// very command people run for it, `npm run preview:gmail -- <folder>`, as a process.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureBuilt } from "./ensure-built";
import { SCREENSHOT_DIR } from "./screenshots";
import { HAS_CHROMIUM } from "../../dev/chromium";

const ROOT = resolve(import.meta.dirname, "../..");

if (!HAS_CHROMIUM) console.log("Gmail card screenshots: /usr/bin/chromium is not installed, so HTML only.");

describe("npm run preview:gmail", () => {
  it("writes every card of the tour to the folder: HTML, an index, and PNGs when Chromium is there", async () => {
    await ensureBuilt();
    // Only the tour's own files (numbered, and its index): other tests photograph cards into this folder too.
    for (const name of existsSync(SCREENSHOT_DIR) ? readdirSync(SCREENSHOT_DIR) : []) {
      if (/^(\d\d-.*|index\.html)$/.test(name)) rmSync(resolve(SCREENSHOT_DIR, name), { force: true });
    }
    const run = await new Promise<{ code: number; out: string; err: string }>((done) =>
      execFile(
        "npm",
        ["run", "--silent", "preview:gmail", "--", SCREENSHOT_DIR],
        { cwd: ROOT, timeout: 170_000 },
        (error, out, err) =>
          done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err }),
      ),
    );
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    expect(run.out.trim()).toBe(
      `Wrote 19 Gmail cards to ${SCREENSHOT_DIR} (open index.html)` +
        (HAS_CHROMIUM ? ", as HTML and PNG." : "; as HTML only: PNGs need Chromium at /usr/bin/chromium."),
    );
    const index = readFileSync(resolve(SCREENSHOT_DIR, "index.html"), "utf8");
    const names = [...index.matchAll(/href="([^"]+)\.html"/g)].map((m) => m[1]);
    expect(names).toHaveLength(19);
    expect(names[0]).toBe("01-homepage-not-connected");
    for (const name of names) {
      const html = readFileSync(resolve(SCREENSHOT_DIR, `${name}.html`), "utf8");
      expect(html.length).toBeGreaterThan(500);
      if (HAS_CHROMIUM) expect(statSync(resolve(SCREENSHOT_DIR, `${name}.png`)).size).toBeGreaterThan(2_000);
    }
    expect(readFileSync(resolve(SCREENSHOT_DIR, "03-customer-email.html"), "utf8")).toContain(
      "Sync this thread",
    );
    expect(existsSync(resolve(SCREENSHOT_DIR, "14-markup-customer.html"))).toBe(true);
    // A customer with nothing answered yet: the designed empty state of the response time.
    expect(readFileSync(resolve(SCREENSHOT_DIR, "14-markup-customer.html"), "utf8")).toContain(
      "No replies measured yet",
    );
    // Conversation signals: one email waiting three days, twelve earlier ones answered in four hours.
    const signals = readFileSync(resolve(SCREENSHOT_DIR, "15-customer-signals.html"), "utf8");
    expect(signals).toContain("Waiting for a reply for 3 days");
    expect(signals).toContain("Thread: Renewal terms for next year");
    expect(signals).toContain("Median reply 4 h (12 replies)");
    // Issue 14: Unicode domains, the action at the top, ARR with its currency, Remove asking first.
    const idn = readFileSync(resolve(SCREENSHOT_DIR, "16-customer-idn.html"), "utf8");
    expect(idn).toContain("bücher.de");
    expect(idn).not.toContain("xn--");
    const customer = readFileSync(resolve(SCREENSHOT_DIR, "03-customer-email.html"), "utf8");
    expect(customer.indexOf("Sync this thread")).toBeLessThan(customer.indexOf("Recent history"));
    expect(customer).toMatch(/ARR/);
    expect(customer).toMatch(/\$[\d,]+/);
    expect(readFileSync(resolve(SCREENSHOT_DIR, "17-confirm-remove.html"), "utf8")).toContain(
      "Remove this email from Touchbase?",
    );
    // Who sees what (issue 12): the user's own synced thread offers Make private, then shows the lock.
    expect(readFileSync(resolve(SCREENSHOT_DIR, "18-own-email-make-private.html"), "utf8")).toContain(
      "Make private",
    );
    const locked = readFileSync(resolve(SCREENSHOT_DIR, "19-own-email-private.html"), "utf8");
    expect(locked).toContain("Private thread");
    expect(locked).toContain("Share with team");
    console.log(`Gmail card screenshots: ${SCREENSHOT_DIR}`);
  }, 180_000);
});
