import fs from "node:fs";
import { test, expect, devices, type Page, type TestInfo } from "@playwright/test";
import { openArchive } from "../lib/import/archive";

/**
 * A new runner's whole life in Patella, through the pages only, at desktop and phone sizes, with a
 * screenshot of each step kept as a test artifact: sign-up → first questions → sample data →
 * dashboard → check-in → export → delete the account.
 */

const SIZES = [
  { name: "desktop", viewport: { width: 1280, height: 900 }, touch: false },
  { name: "phone", viewport: devices["Pixel 7"].viewport, touch: true },
] as const;

async function shot(page: Page, info: TestInfo, size: string, step: string) {
  await page.screenshot({ path: info.outputPath(`${size}-${step}.png`), fullPage: true });
}

for (const size of SIZES) {
  test.describe(`${size.name} (${size.viewport.width}×${size.viewport.height})`, () => {
    test.use({ viewport: size.viewport, hasTouch: size.touch, isMobile: size.touch });

    test("sign-up → onboarding → sample data → dashboard → check-in → export → delete account", async ({ page }, info) => {
      test.setTimeout(180_000);
      const email = `walk-${size.name}-${Date.now()}@example.test`;
      const password = "a long enough password";

      await page.goto("/sign-up");
      await page.getByLabel("Name").fill("Walking Runner");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password (at least 10 characters, not a common one)").fill(password);
      await page.getByLabel("Repeat password").fill(password);
      await shot(page, info, size.name, "1-sign-up");
      await page.getByRole("button", { name: "Create account" }).click();

      await expect(page).toHaveURL(/\/onboarding$/);
      await expect(page.getByLabel(/^Time zone/)).toHaveValue("Europe/Paris");
      await shot(page, info, size.name, "2-onboarding");
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("button", { name: "Explore with sample data" }).click();

      await expect(page).toHaveURL(/\/dashboard/, { timeout: 60_000 });
      await expect(page.getByTestId("sample-data-banner")).toBeVisible();
      await expect(page.getByTestId("spikes")).toContainText("Long run");
      await shot(page, info, size.name, "3-dashboard-sample");

      await page.getByTestId("check-in-link").click();
      await expect(page.getByRole("heading", { name: "How is your knee?" })).toBeVisible();
      await page.locator('[data-pain="3"]').click();
      await page.locator("label.chip", { hasText: "After the run" }).click();
      await shot(page, info, size.name, "4-check-in");
      await page.getByRole("button", { name: "Save check-in" }).click();
      await expect(page).toHaveURL(/\/checkins\?saved=/);
      await expect(page.getByTestId("checkin-list").locator("li").first()).toContainText("3/10 after the run");
      await shot(page, info, size.name, "5-check-ins");

      await page.goto("/settings");
      const download = page.waitForEvent("download");
      await page.getByTestId("export-link").click();
      const file = await (await download).path();
      expect(file).not.toBeNull();
      const archive = await openArchive(file!);
      try {
        expect(archive.entries.map((e) => e.name)).toEqual(expect.arrayContaining(["patella-export.json", "activities.csv", "activities.json", "checkins.csv"]));
        const checkinsCsv = new TextDecoder().decode(await archive.read(archive.entries.find((e) => e.name === "checkins.csv")!));
        // The sample check-ins and the one just saved.
        expect(checkinsCsv.trim().split("\n").length).toBeGreaterThan(2);
        expect(archive.entries.some((e) => e.name.startsWith("files/"))).toBe(true);
      } finally {
        await archive.close();
      }
      fs.copyFileSync(file!, info.outputPath(`${size.name}-export.zip`));
      await shot(page, info, size.name, "6-settings-export");

      const deleteCard = page.getByRole("region", { name: "Delete your account" });
      await deleteCard.getByRole("button", { name: "Delete my account…" }).click();
      await deleteCard.getByLabel("Your password").fill(password);
      await shot(page, info, size.name, "7-delete-confirm");
      await deleteCard.getByRole("button", { name: "Delete my account permanently" }).click();
      await expect(page).toHaveURL(/\/sign-in\?deleted=1/, { timeout: 30_000 });
      await expect(page.getByText("Your account and all its data were deleted.")).toBeVisible();
      await shot(page, info, size.name, "8-deleted");

      // The account is gone: signing in again fails.
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page.locator("main [role=alert]")).toBeVisible();
    });
  });
}
