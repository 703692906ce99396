import fs from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { stretch } from "./tests/support/time-factor";
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM_MESSAGE } from "./scripts/lib/find-chromium.mjs";

const chromium = findChromium();
if (!chromium) throw new Error(NO_CHROMIUM_MESSAGE);

export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const STRAVA_PORT = Number(process.env.E2E_STRAVA_PORT ?? 4110);
// One data directory per run, shared with workers through the environment; earlier runs' are removed.
process.env.PATELLA_E2E_DATA_DIR ??= path.join(".data-e2e", String(Date.now()));
for (const old of fs.existsSync(".data-e2e") ? fs.readdirSync(".data-e2e") : []) {
  const dir = path.join(".data-e2e", old);
  if (dir !== process.env.PATELLA_E2E_DATA_DIR) fs.rmSync(dir, { recursive: true, force: true });
}

export const E2E_STRAVA = { clientId: "patella-e2e", clientSecret: "patella-e2e-secret" };

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: stretch(60_000),
  expect: { timeout: stretch(10_000) },
  reporter: process.env.CI ? "list" : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    timezoneId: "Europe/Paris",
    locale: "en-GB",
    launchOptions: { executablePath: chromium.path, args: CHROMIUM_ARGS },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions: { executablePath: chromium.path, args: CHROMIUM_ARGS } } }],
  webServer: [
    {
      command: "node --import tsx scripts/strava-server.ts",
      port: STRAVA_PORT,
      reuseExistingServer: false,
      env: {
        STRAVA_FAKE_PORT: String(STRAVA_PORT),
        STRAVA_CLIENT_ID: E2E_STRAVA.clientId,
        STRAVA_CLIENT_SECRET: E2E_STRAVA.clientSecret,
      },
    },
    {
      command: "node scripts/start.mjs",
      port: APP_PORT,
      reuseExistingServer: false,
      timeout: stretch(180_000),
      env: {
        PORT: String(APP_PORT),
        DATA_DIR: process.env.PATELLA_E2E_DATA_DIR,
        DATABASE_URL: "",
        AUTH_SECRET: "",
        STRAVA_BASE_URL: `http://127.0.0.1:${STRAVA_PORT}`,
        STRAVA_CLIENT_ID: E2E_STRAVA.clientId,
        STRAVA_CLIENT_SECRET: E2E_STRAVA.clientSecret,
        // Every test signs a new runner up from this one address: sign-up open and not throttled.
        SIGNUP: "open",
        SIGNUP_PER_HOUR: "0",
      },
    },
  ],
});
