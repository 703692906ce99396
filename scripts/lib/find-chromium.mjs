import fs from "node:fs";
import { createRequire } from "node:module";

const SYSTEM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/**
 * The Chromium the e2e tests drive: CHROMIUM_PATH if set, else a system Chromium or Chrome,
 * else a browser Playwright downloaded itself. Returns null when there is none.
 * @returns {{ path: string, source: string } | null}
 */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? { path: fromEnv, source: "CHROMIUM_PATH" } : null;
  for (const candidate of SYSTEM_CANDIDATES) {
    if (fs.existsSync(candidate)) return { path: candidate, source: "system" };
  }
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require("playwright-core");
    const own = chromium.executablePath();
    if (own && fs.existsSync(own)) return { path: own, source: "playwright" };
  } catch {
    // playwright-core not installed or no browser downloaded
  }
  return null;
}

export const NO_CHROMIUM_MESSAGE = [
  "No Chromium found for the end-to-end tests.",
  "Install one, then run the tests again:",
  "  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium",
  "  macOS:          brew install --cask chromium   (or install Google Chrome)",
  "  anywhere:       npx playwright install chromium   (downloads Playwright's own build)",
  "or point CHROMIUM_PATH at a Chromium or Chrome executable.",
].join("\n");

/** Flags that keep a headless Chromium quiet on a machine without network or GPU. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];
