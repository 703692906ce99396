import type { Page, TestInfo } from "@playwright/test";
import { makeGpx } from "../scripts/bench/make-gpx";
import { test, expect } from "./support/fixtures";

/**
 * Issue 16, the numbers: one load unit said on the dashboard, pain cards that agree with the latest
 * check-in, an OSTRC answer of severe pain that is no all-clear, and items Patella cannot measure
 * shown as education with the pain model graded as extrapolated.
 */

const DAY = 86_400_000;

async function uploadRun(page: Page, daysAgo: number, metres: number): Promise<void> {
  const start = Date.now() - daysAgo * DAY - 3 * 3_600_000;
  const res = await page.request.post("/api/v1/uploads", {
    multipart: { file: { name: `run-${daysAgo}.gpx`, mimeType: "application/gpx+xml", buffer: Buffer.from(makeGpx(Math.round(metres / 3), start)) } },
  });
  expect(res.status(), await res.text()).toBe(201);
}

async function checkIn(page: Page, msAgo: number, pain: number, timing: string): Promise<void> {
  const res = await page.request.post("/api/v1/checkins", { data: { at: new Date(Date.now() - msAgo).toISOString(), pain, timing } });
  expect(res.status(), await res.text()).toBe(201);
}

async function shoot(page: Page, info: TestInfo, name: string): Promise<void> {
  for (const [label, viewport] of [
    ["phone", { width: 390, height: 844 }],
    ["desktop", { width: 1280, height: 900 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: info.outputPath(`${name}-${label}.png`), fullPage: true });
  }
}

test("the numbers agree: one load unit, an episode card led by today's check-in, severe pain never an all-clear", async ({ page, runner }, info) => {
  void runner;
  await uploadRun(page, 2, 6_000);
  await uploadRun(page, 5, 8_000);
  // An episode of two days at 5/10 nine and eight days ago, closed by a 1/10 seven days ago; today 6/10 after a run.
  await checkIn(page, 9 * DAY, 5, "at_rest");
  await checkIn(page, 8 * DAY, 5, "at_rest");
  await checkIn(page, 7 * DAY, 1, "at_rest");
  await checkIn(page, 60_000, 6, "after");

  await page.goto("/dashboard");
  // No run carries an effort rating or a heart rate Patella can use: minutes for every session, and it says so.
  await expect(page.getByTestId("load-method")).toContainText("Load is minutes of activity for every session.");
  await expect(page.getByTestId("load-method")).toContainText("0 of the 2 sessions");
  await expect(page.getByTestId("ratio-unit")).toHaveText("minutes of activity");
  await shoot(page, info, "dashboard");

  await page.goto("/checkins");
  await expect(page.getByTestId("episode-headline")).toHaveText(/^Today 6\/10 after a run — after an episode that ended on \d{1,2} [A-Z][a-z]{2}$/);
  await expect(page.getByTestId("pain-model")).toHaveAttribute("data-status", "reduce_load");

  const card = page.getByTestId("ostrc-card");
  await card.getByRole("button", { name: "Answer" }).click();
  await card.getByLabel("Full participation, but with knee problems").check(); // 8
  await card.getByLabel("No reduction").check(); // 0
  await card.locator('input[name="ostrc-performance"]').nth(1).check(); // to a minor extent: 8
  await card.getByLabel("Severe pain").check(); // 25
  await card.getByRole("button", { name: "Save answers" }).click();
  const done = page.getByTestId("ostrc-done");
  await expect(done).toContainText("this week's knee score is 41/100");
  await expect(done).toContainText("You reported severe knee pain. That is not an all-clear");
  await expect(done).not.toContainText("No substantial problem");
  await shoot(page, info, "checkins");

  await page.goto("/guidance");
  await expect(page.locator("#treatment-1-rest-and-ice")).toHaveAttribute("data-status", "education");
  await expect(page.locator("#prevention-9-check-your-running-surface")).toHaveAttribute("data-status", "education");
  await expect(page.locator("#prevention-2-listen-to-your-body")).toContainText("low for knees: extrapolated from another condition");
  // Severe pain in the questionnaire escalates first: book an appointment, and the model is not read
  // against it; the evidence still says where Patella departs from the document.
  await expect(page.locator("#prevention-2-listen-to-your-body")).toHaveAttribute("data-status", "act");
  await expect(page.locator("#prevention-2-listen-to-your-body")).toContainText("Book an appointment");
  await expect(page.locator("#prevention-2-listen-to-your-body")).toContainText('departs from the document\'s "slow down or stop if you feel pain"');
  await shoot(page, info, "guidance");
  for (const id of ["prevention-2-listen-to-your-body", "treatment-1-rest-and-ice", "faq-1-healing-time"]) {
    await page.locator(`#${id}`).screenshot({ path: info.outputPath(`guidance-${id}.png`) });
  }
});
