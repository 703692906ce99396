import type { Page } from "@playwright/test";
import { makeGpx } from "../scripts/bench/make-gpx";
import { addDays, localDateOf, mondayOf, weekStartsBetween } from "../lib/load/weeks";
import { test, expect } from "./support/fixtures";

const ZONE = "Europe/Paris";

async function uploadRun(page: Page, date: string, name: string) {
  const gpx = makeGpx(2000, Date.parse(`${date}T06:00:00Z`)).replace("<name>Bench run</name>", `<name>${name}</name>`);
  const res = await page.request.post("/api/v1/uploads", { multipart: { file: { name: `${name}.gpx`, mimeType: "application/gpx+xml", buffer: Buffer.from(gpx) } } });
  expect(res.status(), await res.text()).toBe(201);
}

const weeklyRows = (page: Page) => page.getByTestId("weekly-table").locator("tbody tr");
const rangeLink = (page: Page, name: string) => page.getByTestId("chart-range").getByRole("link", { name, exact: true });

async function openNumbers(page: Page) {
  const details = page.getByTestId("weekly-table").locator("xpath=ancestor::details");
  if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
}

test("the chart range switches between 4 weeks, 12 weeks, 6 months, 1 year and all, and stays in the URL", async ({ page, runner }, info) => {
  void runner;
  test.setTimeout(120_000);
  const today = localDateOf(new Date(), ZONE);
  // A run this month, one about 20 weeks ago, one 2 years ago.
  const runs = [addDays(today, -9), addDays(today, -140), addDays(today, -730)];
  for (const [i, date] of runs.entries()) await uploadRun(page, date, `Range run ${i + 1}`);

  await page.goto("/dashboard");
  await expect(rangeLink(page, "12 weeks")).toHaveAttribute("aria-current", "true");
  await openNumbers(page);
  await expect(weeklyRows(page)).toHaveCount(12);

  await rangeLink(page, "4 weeks").click();
  await expect(page).toHaveURL(/\/dashboard\?range=4w$/);
  await expect(rangeLink(page, "4 weeks")).toHaveAttribute("aria-current", "true");
  await expect(rangeLink(page, "12 weeks")).not.toHaveAttribute("aria-current", "true");
  await openNumbers(page);
  await expect(weeklyRows(page)).toHaveCount(4);
  await expect(page.getByTestId("weekly-card")).toContainText("Last 4 weeks, Monday to Sunday in Europe/Paris.");
  // The surface chart follows the same range.
  await expect(page.getByTestId("surface-table").locator("tbody tr")).toHaveCount(4);

  await rangeLink(page, "6 months").click();
  await expect(page).toHaveURL(/\?range=6m$/);
  await expect(weeklyRows(page)).toHaveCount(26);
  await expect(page.getByTestId("weekly-table")).toContainText(mondayOf(runs[1]!));

  await rangeLink(page, "1 year").click();
  await expect(page).toHaveURL(/\?range=1y$/);
  await expect(weeklyRows(page)).toHaveCount(52);
  await expect(page.getByTestId("weekly-load-chart")).toHaveAttribute("data-weeks", "52");

  await rangeLink(page, "All").click();
  await expect(page).toHaveURL(/\?range=all$/);
  const allWeeks = weekStartsBetween(mondayOf(runs[2]!), today).length;
  await expect(weeklyRows(page)).toHaveCount(allWeeks);
  await expect(page.getByTestId("weekly-card")).toContainText(`All ${allWeeks} weeks since your first activity`);
  await expect(page.getByTestId("weekly-table")).toContainText(mondayOf(runs[2]!));
  // Two years of bars: thin bars on a quarterly axis, still readable.
  const chart = page.getByTestId("weekly-load-chart");
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  const xTicks = chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value");
  await expect(xTicks.first()).toBeVisible();
  const ticks = await xTicks.allTextContents();
  expect(ticks.length).toBeLessThanOrEqual(12);
  for (const t of ticks) expect(t).toMatch(/^[A-Z][a-z]{2} \d{4}$/);
  await chart.screenshot({ path: info.outputPath("weekly-load-all.png") });

  // A reload keeps the range; back and forward walk through the ranges chosen.
  await page.reload();
  await expect(rangeLink(page, "All")).toHaveAttribute("aria-current", "true");
  await openNumbers(page);
  await expect(weeklyRows(page)).toHaveCount(allWeeks);
  await page.goBack();
  await expect(page).toHaveURL(/\?range=1y$/);
  await expect(rangeLink(page, "1 year")).toHaveAttribute("aria-current", "true");
  await openNumbers(page);
  await expect(weeklyRows(page)).toHaveCount(52);

  // The keyboard moves through the ranges; the current one is marked for screen readers.
  await rangeLink(page, "12 weeks").focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(rangeLink(page, "12 weeks")).toHaveAttribute("aria-current", "true");
  await expect(rangeLink(page, "12 weeks")).toBeFocused();
});

test("'all' reaches back ten years at most, and says so; a range without runs points to the others", async ({ page, runner }) => {
  void runner;
  test.setTimeout(120_000);
  const today = localDateOf(new Date(), ZONE);
  await uploadRun(page, addDays(today, -11 * 365), "Old run");
  await uploadRun(page, addDays(today, -60), "Recent run");

  await page.goto("/dashboard?range=4w");
  const card = page.getByTestId("weekly-card");
  await expect(card).toContainText("No runs in these weeks yet.");
  await card.getByRole("link", { name: "all your weeks" }).click();
  await expect(page).toHaveURL(/\?range=all$/);
  await expect(card).toContainText("about ten years, the longest range Patella draws at once");
  await openNumbers(page);
  const count = await weeklyRows(page).count();
  expect(count).toBeGreaterThan(515);
  expect(count).toBeLessThanOrEqual(522);
  // Ten years of weekly bars: one tick a year, no spike marks crowding the bars.
  const chart = page.getByTestId("weekly-load-chart");
  const xTicks = chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value");
  await expect(xTicks.first()).toBeVisible();
  const ticks = await xTicks.allTextContents();
  expect(ticks.length).toBeGreaterThan(3);
  for (const t of ticks) expect(t).toMatch(/^\d{4}$/);
  await expect(card).toContainText("leaves out the 10% line");
});
