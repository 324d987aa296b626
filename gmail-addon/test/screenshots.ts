// Screenshots of rendered cards into test-results/gmail/ (gitignored), with Debian's Chromium through
// playwright-core. Absent Chromium, the browser tests skip with one line.
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser } from "playwright-core";
import { cardToHtml } from "../simulator/card-html";
import type { Json } from "../simulator/card-service";

export const SCREENSHOT_DIR = resolve(import.meta.dirname, "../../test-results/gmail");

/** Writes `<name>.html` and `<name>.png`; returns the PNG's path. */
export async function screenshotCard(
  browser: Browser,
  name: string,
  card: Json,
  caption = "",
  dir = SCREENSHOT_DIR,
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const html = cardToHtml(card, caption);
  writeFileSync(resolve(dir, `${name}.html`), html);
  const page = await browser.newPage({ viewport: { width: 360, height: 200 } });
  try {
    await page.setContent(html, { waitUntil: "load" });
    const path = resolve(dir, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  } finally {
    await page.close();
  }
}
