import path from "node:path";
import { defineConfig } from "vitest/config";
import { stretch } from "./tests/support/time-factor";

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\/(.*)$/, replacement: `${root}/$1` },
      // `server-only` throws outside React Server Components; in tests the guard has nothing to guard.
      { find: /^server-only$/, replacement: `${root}/tests/support/empty.ts` },
    ],
  },
  test: {
    environment: "node",
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "tests/**/*.test.ts", "e2e/strava-server/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup.ts"],
    testTimeout: stretch(30_000),
    hookTimeout: stretch(120_000),
    pool: "forks",
    maxWorkers: 2,
  },
});
