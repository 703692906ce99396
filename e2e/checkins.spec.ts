import type { Locator, Page } from "@playwright/test";
import { makeGpx } from "../scripts/bench/make-gpx";
import { test, expect } from "./support/fixtures";

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

/** Every tap or choice the runner makes on the form goes through here, so the test can count them. */
function counter() {
  let n = 0;
  return {
    tap: async (target: Locator) => {
      n += 1;
      await target.tap();
    },
    get count() {
      return n;
    },
  };
}

async function uploadRunHoursAgo(page: Page, hours: number, metres: number): Promise<void> {
  const start = Date.now() - hours * 3_600_000;
  const res = await page.request.post("/api/v1/uploads", {
    multipart: { file: { name: "recent.gpx", mimeType: "application/gpx+xml", buffer: Buffer.from(makeGpx(Math.round(metres / 3), start)) } },
  });
  expect(res.status(), await res.text()).toBe(201);
}

test("a phone check-in with the knee picture takes five taps and lands on the pain chart", async ({ page, runner }, info) => {
  void runner;
  await uploadRunHoursAgo(page, 3, 6_000);
  await page.goto("/dashboard");
  await expect(page.getByText("No check-ins in these weeks.")).toBeVisible();
  await page.getByTestId("check-in-link").tap();
  await expect(page.getByRole("heading", { name: "How is your knee?" })).toBeVisible();
  // The run of three hours ago is linked already.
  await expect(page.locator('select[name="activityId"] option:checked')).not.toHaveText("No run");

  const taps = counter();
  await taps.tap(page.locator('[data-pain="6"]'));
  await taps.tap(page.locator("label.chip", { hasText: "After the run" }));
  await taps.tap(page.getByTestId("knee-picture").locator('[data-location="front"]'));
  await taps.tap(page.locator("label.chip", { hasText: "Right" }));
  // The picture and the list are one choice.
  await expect(page.getByLabel("Front, around the kneecap")).toBeChecked();
  await page.screenshot({ path: info.outputPath("checkin-form-phone.png"), fullPage: true });
  await taps.tap(page.getByRole("button", { name: "Save check-in" }));
  expect(taps.count).toBeLessThan(6);

  await expect(page).toHaveURL(/\/checkins\?saved=/);
  await expect(page.getByTestId("saved")).toBeVisible();
  const chart = page.getByTestId("pain-chart");
  await expect(chart).toHaveAttribute("data-points", "1");
  await expect(chart.locator(".recharts-scatter-symbol").first()).toBeVisible();
  const saved = page.getByTestId("checkin-list").locator("li").first();
  await expect(saved).toContainText("6/10 after the run");
  await expect(saved).toContainText("Right knee · Front, around the kneecap");
  await page.screenshot({ path: info.outputPath("checkins-page-phone.png"), fullPage: true });

  // The dashboard shows the same day on the pain chart below the weekly load.
  await page.goto("/dashboard");
  await expect(page.getByTestId("pain-chart")).toHaveAttribute("data-points", "1");
  await expect(page.getByTestId("red-flag-banner")).toHaveCount(0);
});

test("a warning sign shows the referral at once and stays on the dashboard until marked as seen", async ({ page, runner }, info) => {
  void runner;
  await page.goto("/checkins/new");
  await page.locator('[data-pain="3"]').tap();
  await page.locator("label.chip", { hasText: "At rest" }).tap();
  await expect(page.getByTestId("referral")).toHaveCount(0);
  await page.getByLabel("Is your knee swollen?").check();
  // Before anything is saved.
  await expect(page.getByTestId("referral")).toContainText("See a healthcare professional.");
  await expect(page.getByTestId("referral")).toContainText("You reported swelling. Book an appointment with a doctor or physiotherapist soon.");
  await page.getByLabel("Are you unable to put weight on the leg, or to walk four steps?").check();
  await expect(page.getByTestId("referral")).toContainText("See a doctor today");
  await page.getByRole("button", { name: "Save check-in" }).tap();
  await expect(page).toHaveURL(/\/checkins\?saved=/);

  await page.goto("/dashboard");
  const banner = page.getByTestId("red-flag-banner");
  await expect(banner).toContainText("You reported swelling and not being able to bear weight.");
  await page.screenshot({ path: info.outputPath("dashboard-red-flag-phone.png"), fullPage: true });
  // The guidance page puts the referral first.
  await page.goto("/guidance");
  await expect(page.locator("#faq-3-when-to-see-a-doctor")).toHaveAttribute("data-status", "act");

  await page.goto("/dashboard");
  await page.getByRole("button", { name: "I have seen a healthcare professional about this" }).tap();
  await expect(page.getByTestId("red-flag-banner")).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByTestId("red-flag-banner")).toHaveCount(0);
});

test("a check-in can be edited and deleted", async ({ page, runner }) => {
  void runner;
  const res = await page.request.post("/api/v1/checkins", { data: { pain: 2, timing: "next_morning", locations: ["outside"], side: "left" } });
  expect(res.status()).toBe(201);
  await page.goto("/checkins");
  await page.getByRole("link", { name: "Edit or delete" }).tap();
  await expect(page.getByRole("heading", { name: "Edit check-in" })).toBeVisible();
  await expect(page.getByLabel("Outside of the knee")).toBeChecked();
  await page.locator('[data-pain="4"]').tap();
  await page.getByRole("button", { name: "Save changes" }).tap();
  await expect(page.getByTestId("checkin-list").locator("li").first()).toContainText("4/10 next morning");

  await page.getByRole("link", { name: "Edit or delete" }).tap();
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Delete check-in" }).tap();
  await expect(page).toHaveURL(/\/checkins$/);
  await expect(page.getByText("No check-ins yet.")).toBeVisible();
});

test("the weekly knee questionnaire is offered once a week and scored", async ({ page, runner }) => {
  void runner;
  await page.goto("/checkins");
  const card = page.getByTestId("ostrc-card");
  await card.getByRole("button", { name: "Answer" }).tap();
  await card.getByLabel("Full participation, but with knee problems").check(); // 8
  await card.getByLabel("To a moderate extent").first().check(); // training reduced: 17
  await card.getByLabel("No effect").check(); // 0
  await card.getByLabel("Mild pain").check(); // 8
  await card.getByRole("button", { name: "Save answers" }).tap();
  // 8 + 17 + 0 + 8 = 33; a moderate reduction of training (17) is a substantial problem.
  await expect(page.getByTestId("ostrc-done")).toContainText("this week's knee score is 33/100");
  await expect(page.getByTestId("ostrc-done")).toContainText("That is a substantial problem");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Knee pain, last 12 weeks" })).toBeVisible();
  await expect(page.getByTestId("ostrc-card")).toHaveCount(0);
});
