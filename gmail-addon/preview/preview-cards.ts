// `npm run preview:gmail [-- <folder>]`: every Gmail card of the tour (card-tour.ts) rendered to `<folder>`
// (default preview/gmail/): `<name>.html` always, `<name>.png` too when Chromium is installed, and an index.html
// showing them all. The built add-on runs in the Apps Script simulator against a real backend on a temporary
// embedded database, exactly as in the tests.
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { cardToHtml } from "../simulator/card-html";
import { startHarness } from "../test/harness";
import { screenshotCard } from "../test/screenshots";
import { HAS_CHROMIUM, launchChromium } from "../../dev/chromium";
import { cardTour, TOUR_HARNESS } from "./card-tour";

const ROOT = resolve(import.meta.dirname, "../..");

export async function previewCards(outDir: string): Promise<{ outDir: string; cards: number; png: boolean }> {
  mkdirSync(outDir, { recursive: true });
  const h = await startHarness(TOUR_HARNESS);
  try {
    const tour = await cardTour(h);
    const browser = HAS_CHROMIUM ? await launchChromium() : null;
    try {
      for (const shot of tour) {
        writeFileSync(resolve(outDir, `${shot.name}.html`), cardToHtml(shot.card, shot.caption));
        if (browser) await screenshotCard(browser, shot.name, shot.card, shot.caption, outDir);
      }
    } finally {
      await browser?.close();
    }
    const links = tour
      .map((s) => `<li><a href="${s.name}.html">${s.name}</a> — ${escapeHtml(s.caption)}</li>`)
      .join("\n");
    writeFileSync(
      resolve(outDir, "index.html"),
      `<!doctype html><meta charset="utf-8"><title>Touchbase Gmail cards</title><h1>Touchbase Gmail cards</h1><ol>\n${links}\n</ol>\n`,
    );
    return { outDir, cards: tour.length, png: browser !== null };
  } finally {
    await h.close();
  }
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const outDir = resolve(process.argv[2] ?? resolve(ROOT, "preview/gmail"));
  previewCards(outDir).then(
    (r) => {
      console.log(
        `Wrote ${r.cards} Gmail cards to ${r.outDir} (open index.html)` +
          (r.png ? ", as HTML and PNG." : "; as HTML only: PNGs need Chromium at /usr/bin/chromium."),
      );
      process.exit(0);
    },
    (error: unknown) => {
      console.error(
        `The Gmail card preview failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(1);
    },
  );
}
