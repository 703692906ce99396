import AxeBuilder from "@axe-core/playwright";
import type { Result } from "axe-core";
import { test, expect, type Browser, type Page, type TestInfo } from "@playwright/test";
import { seedRunner, type SeededRunner } from "./support/seed";

/**
 * Accessibility: axe (WCAG 2.0 and 2.1, A and AA) on every page, signed out and signed in with data,
 * at desktop and phone size, plus the states a runner meets on the way (errors, warnings, the weekly
 * questionnaire). Serious and critical violations fail; moderate and minor ones are listed as
 * annotations and attached with the full axe results.
 *
 * The same visits check the Content-Security-Policy: a page whose scripts or styles the policy
 * blocks logs "Refused to … Content Security Policy" in the console, and would not work.
 */

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const BLOCKING: ReadonlySet<string> = new Set(["serious", "critical"]);
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
type Size = "desktop" | "phone";

interface PageCase {
  path: (r: SeededRunner) => string;
  /** Where the app sends the visitor (the signed-out root redirects to /sign-in). */
  landsOn?: RegExp;
  /** The HTTP status expected (default: below 400). */
  status?: number;
}

const SIGNED_OUT: Record<string, PageCase> = {
  "/": { path: () => "/", landsOn: /^\/sign-in$/ },
  "/sign-in": { path: () => "/sign-in" },
  "/sign-up": { path: () => "/sign-up" },
  "404 page": { path: () => "/no-such-page", status: 404 },
};

const SIGNED_IN: Record<string, PageCase> = {
  "/dashboard": { path: () => "/dashboard" },
  "/activities": { path: () => "/activities" },
  "/activities/[id]": { path: (r) => `/activities/${r.activityId}` },
  "/upload": { path: () => "/upload" },
  "/checkins": { path: () => "/checkins" },
  "/checkins/new": { path: () => "/checkins/new" },
  "/checkins/[id]/edit": { path: (r) => `/checkins/${r.checkinId}/edit` },
  "/guidance": { path: () => "/guidance" },
  "/settings": { path: () => "/settings" },
  "/onboarding": { path: () => "/onboarding" },
};

let runner: SeededRunner;
let signedInState: string;

test.beforeAll(async ({ playwright }, info) => {
  test.setTimeout(120_000);
  const request = await playwright.request.newContext({ baseURL: info.project.use.baseURL });
  runner = await seedRunner(request);
  signedInState = info.outputPath("signed-in-state.json");
  await request.storageState({ path: signedInState });
  await request.dispose();
});

async function openPage(browser: Browser, signedIn: boolean, size: Size): Promise<{ page: Page; cspErrors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ ...(signedIn ? { storageState: signedInState } : {}), ...(size === "phone" ? PHONE : {}) });
  const page = await context.newPage();
  const cspErrors: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  return { page, cspErrors, close: () => context.close() };
}

/** Waits for the client's data to arrive and the page to settle. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle", { timeout: 15_000 }).catch(() => {});
  await expect(page.getByText(/^Loading\b/)).toHaveCount(0, { timeout: 15_000 });
  // Let chart animations and focus moves finish.
  await page.waitForTimeout(400);
}

/** "color-contrast (serious) Elements must meet minimum color contrast ratio thresholds: 2 elements\n  .muted: Element has insufficient …" */
function describeViolation(v: Result): string {
  const nodes = v.nodes.slice(0, 8).map((n) => {
    const summary = (n.failureSummary ?? "").replace(/\s*\n\s*/g, " ").replace(/^Fix (any|all) of the following:\s*/, "");
    return `    ${n.target.join(" ")}: ${summary.slice(0, 300)}`;
  });
  const more = v.nodes.length > 8 ? [`    … and ${v.nodes.length - 8} more`] : [];
  return [`${v.id} (${v.impact}) ${v.help}: ${v.nodes.length} element(s), ${v.helpUrl}`, ...nodes, ...more].join("\n");
}

/** Runs axe on the page as it is now; fails on serious or critical violations, notes the rest. */
async function audit(page: Page, label: string, info: TestInfo, cspErrors: string[]): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  await info.attach(`axe ${label}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: "application/json" });
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ""));
  const minor = results.violations.filter((v) => !BLOCKING.has(v.impact ?? ""));
  for (const v of minor) info.annotations.push({ type: `axe ${v.impact}`, description: `${label}: ${v.id} — ${v.help} (${v.nodes.length})` });
  const report = blocking.map(describeViolation).join("\n\n");
  expect.soft(blocking.length, `serious or critical accessibility violations on ${label}:\n\n${report}\n`).toBe(0);
  expect.soft(cspErrors.length, `the Content-Security-Policy blocked something on ${label}:\n${cspErrors.join("\n")}\n`).toBe(0);
}

function pageTests(pages: Record<string, PageCase>, signedIn: boolean) {
  for (const size of ["desktop", "phone"] as const) {
    for (const [name, c] of Object.entries(pages)) {
      test(`${name} (${signedIn ? "signed in" : "signed out"}, ${size})`, async ({ browser }, info) => {
        const { page, cspErrors, close } = await openPage(browser, signedIn, size);
        try {
          const path = c.path(runner);
          const res = await page.goto(path);
          if (c.status) expect(res?.status(), `${path} answered ${res?.status()}`).toBe(c.status);
          else expect(res?.status(), `${path} answered ${res?.status()}`).toBeLessThan(400);
          await expect(page, `${path} must not redirect elsewhere`).toHaveURL((url) => (c.landsOn ?? new RegExp(`^${path.replace(/[[\]]/g, "\\$&")}$`)).test(url.pathname));
          await settle(page);
          await audit(page, `${name} (${size})`, info, cspErrors);
        } finally {
          await close();
        }
      });
    }
  }
}

test.describe("signed out", () => pageTests(SIGNED_OUT, false));
test.describe("signed in with data", () => pageTests(SIGNED_IN, true));

test.describe("states on the way", () => {
  test("sign-in with a wrong password shows its alert", async ({ browser }, info) => {
    const { page, cspErrors, close } = await openPage(browser, false, "phone");
    try {
      await page.goto("/sign-in");
      await page.getByLabel("Email").fill(runner.email);
      await page.getByLabel("Password").fill("not the password");
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page.locator("main [role=alert]")).toBeVisible();
      await audit(page, "/sign-in with an error", info, cspErrors);
    } finally {
      await close();
    }
  });

  test("sign-up with passwords that differ shows its alert", async ({ browser }, info) => {
    const { page, cspErrors, close } = await openPage(browser, false, "desktop");
    try {
      await page.goto("/sign-up");
      await page.getByLabel("Name").fill("Axe Runner");
      await page.getByLabel("Email").fill(`axe-${Date.now()}@example.test`);
      await page.getByLabel("Password (at least 10 characters, not a common one)").fill("a long enough password");
      await page.getByLabel("Repeat password").fill("something else entirely");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.locator("main [role=alert]")).toBeVisible();
      await audit(page, "/sign-up with an error", info, cspErrors);
    } finally {
      await close();
    }
  });

  test("a check-in with a warning sign shows the referral; saving an empty form shows the errors", async ({ browser }, info) => {
    const { page, cspErrors, close } = await openPage(browser, true, "phone");
    try {
      await page.goto("/checkins/new");
      await settle(page);
      await page.getByRole("button", { name: "Save check-in" }).click();
      await page.waitForTimeout(300);
      await audit(page, "/checkins/new after saving an empty form", info, cspErrors);
      await page.getByLabel("Is your knee swollen?").check();
      await expect(page.getByTestId("referral")).toBeVisible();
      await audit(page, "/checkins/new with a warning sign", info, cspErrors);
    } finally {
      await close();
    }
  });

  test("the weekly knee questionnaire, open", async ({ browser }, info) => {
    const { page, cspErrors, close } = await openPage(browser, true, "desktop");
    try {
      await page.goto("/checkins");
      await settle(page);
      const card = page.getByTestId("ostrc-card");
      await card.getByRole("button", { name: "Answer" }).click();
      await page.waitForTimeout(300);
      await audit(page, "/checkins with the questionnaire open", info, cspErrors);
    } finally {
      await close();
    }
  });
});
