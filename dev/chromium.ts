// Debian's Chromium, driven by playwright-core: the one place that knows where it lives and which flags every
// browser test, screenshot and benchmark launches it with (headless, no sandbox, nothing that reaches the network).
import { existsSync } from "node:fs";
import { chromium, type Browser, type LaunchOptions } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const HAS_CHROMIUM = existsSync(CHROMIUM);

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The options every launch shares; a caller adds its own (a persistent profile's viewport, say). */
export const CHROMIUM_LAUNCH: LaunchOptions = { executablePath: CHROMIUM, args: CHROMIUM_ARGS };

export function launchChromium(): Promise<Browser> {
  return chromium.launch(CHROMIUM_LAUNCH);
}
