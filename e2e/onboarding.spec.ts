import { test, expect } from "@playwright/test";
import { test as withRunner } from "./support/fixtures";

/**
 * The first run, through the forms: sign-up lands on the onboarding questions with the browser's
 * time zone filled in (Playwright runs the browser in Europe/Paris), then the sample history is
 * explored on the dashboard and removed in one click.
 */
test("a new runner answers the first questions, explores the sample data and removes it in one click", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("First Runner");
  await page.getByLabel("Email").fill(`onboarding-${Date.now()}@example.test`);
  await page.getByLabel("Password (at least 10 characters, not a common one)").fill("a long enough password");
  await page.getByLabel("Repeat password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.getByRole("heading", { name: "Welcome to Patella" })).toBeVisible();
  await expect(page.getByLabel(/^Time zone/)).toHaveValue("Europe/Paris");
  await expect(page.getByLabel("Kilometres")).toBeChecked();
  await page.getByLabel("Miles").check();
  // The settings API's own validation answers, next to the field it is about.
  await page.getByLabel("Resting heart rate (bpm)").fill("95");
  await page.getByLabel("Maximum heart rate (bpm)").fill("110");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("Maximum heart rate must be well above the resting one.")).toBeVisible();
  await expect(page.getByLabel("Maximum heart rate (bpm)")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Resting heart rate (bpm)").fill("52");
  await page.getByLabel("Maximum heart rate (bpm)").fill("188");
  await page.getByRole("button", { name: "Continue" }).click();

  const step2 = page.getByRole("heading", { name: /Step 2 of 2/ });
  await expect(step2).toBeFocused();
  // The e2e server has Strava configured (the local fake).
  await expect(page.getByRole("button", { name: "Connect Strava" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Upload files" })).toHaveAttribute("href", "/upload");
  await page.getByRole("button", { name: "Explore with sample data" }).click();

  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
  const banner = page.getByTestId("sample-data-banner");
  await expect(banner).toContainText("You are exploring sample data.");
  await expect(page.getByTestId("onboarding-banner")).toHaveCount(0);
  // The sample runs, in miles, with the designed spike: a 23 km (14.3 mi) long run, 92% longer than the 12 km before it.
  const spikes = page.getByTestId("spikes");
  await expect(spikes).toContainText("Long run");
  await expect(spikes).toContainText(/14\.\d\d mi/);
  await expect(spikes).toContainText(/9[12]% longer/);
  await expect(page.getByText("No runs in these weeks yet.")).toHaveCount(0);

  await banner.getByRole("button", { name: "Remove sample data" }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByText("No runs in these weeks yet.")).toBeVisible();
  await expect(page.getByTestId("spikes")).toHaveCount(0);
  await page.reload();
  await expect(page.getByText("No runs in these weeks yet.")).toBeVisible();
  await expect(page.getByTestId("sample-data-banner")).toHaveCount(0);
});

test("skipping the first questions goes to the dashboard, which does not ask again", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(`skip-${Date.now()}@example.test`);
  await page.getByLabel("Password (at least 10 characters, not a common one)").fill("a long enough password");
  await page.getByLabel("Repeat password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/onboarding$/);
  await page.getByRole("link", { name: "Skip for now" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  // Skipping counts as done: no "Finish setting up" banner.
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByTestId("onboarding-banner")).toHaveCount(0);
});

withRunner("a runner who has not been through the first questions is offered them on the dashboard until they dismiss it", async ({ page, runner }) => {
  // The fixture creates the account over the API, so the questions were never answered.
  await page.goto("/dashboard");
  await expect(page.getByTestId("signed-in-as")).toHaveText(runner.name);
  const banner = page.getByTestId("onboarding-banner");
  await expect(banner.getByRole("heading", { name: "Finish setting up" })).toBeVisible();
  await banner.getByRole("link", { name: "Finish setting up" }).click();
  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.getByRole("heading", { name: /Step 1 of 2/ })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByTestId("onboarding-banner").getByRole("button", { name: "Dismiss" }).click();
  await expect(page.getByTestId("onboarding-banner")).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByTestId("onboarding-banner")).toHaveCount(0);
});
