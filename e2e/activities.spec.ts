import type { Page } from "@playwright/test";
import { makeGpx } from "../scripts/bench/make-gpx";
import { addDays, localDateOf } from "../lib/load/weeks";
import { test, expect } from "./support/fixtures";

const ZONE = "Europe/Paris";
const today = () => localDateOf(new Date(), ZONE);

/** One activity, uploaded as a GPX file: `points` seconds at about 3 m a second, on `date` at 06:00 UTC. */
async function upload(page: Page, { name, type, date, points }: { name: string; type: string; date: string; points: number }) {
  const gpx = makeGpx(points, Date.parse(`${date}T06:00:00Z`)).replace("<name>Bench run</name>", `<name>${name}</name>`).replace("<type>running</type>", `<type>${type}</type>`);
  const res = await page.request.post("/api/v1/uploads", { multipart: { file: { name: `${name}.gpx`, mimeType: "application/gpx+xml", buffer: Buffer.from(gpx) } } });
  expect(res.status(), await res.text()).toBe(201);
}

/**
 * 20 runs every other day from 2 to 40 days ago, longer each time further back, and 4 rides (the
 * longest activities) 3, 5, 7 and 9 days ago: 24 activities, two pages of 20.
 */
async function seedHistory(page: Page) {
  for (let i = 0; i < 20; i++) await upload(page, { name: `Run ${String(i + 1).padStart(2, "0")}`, type: "running", date: addDays(today(), -(2 + 2 * i)), points: 500 + i * 53 });
  for (let j = 0; j < 4; j++) await upload(page, { name: `Ride ${j + 1}`, type: "cycling", date: addDays(today(), -(3 + 2 * j)), points: 3000 + j * 100 });
}

const rows = (page: Page) => page.getByTestId("activities-table").locator("tbody tr");
/** The distance column (date, name, sport, surface, source, distance, …), as numbers. */
const distances = async (page: Page) => (await rows(page).locator(":scope > :nth-child(6)").allTextContents()).map((t) => Number.parseFloat(t));
const summary = (page: Page) => page.getByTestId("list-summary");

test("a runner with no activities is pointed to Upload and to Strava in Settings", async ({ page, runner }) => {
  void runner;
  await page.goto("/activities");
  const empty = page.getByTestId("no-activities");
  await expect(empty).toContainText("No activities yet.");
  await expect(empty.getByRole("link", { name: "Upload files" })).toHaveAttribute("href", "/upload");
  await expect(empty.getByRole("link", { name: "connect Strava in Settings" })).toHaveAttribute("href", /^\/settings/);
});

test("filter by sport and dates, sort by distance both ways, page through; the URL keeps it all", async ({ page, runner }) => {
  void runner;
  test.setTimeout(120_000);
  await seedHistory(page);

  await page.goto("/activities");
  await expect(summary(page)).toHaveText("1–20 of 24 activities · page 1 of 2");
  await expect(rows(page)).toHaveCount(20);
  // Newest first: the run of two days ago.
  await expect(rows(page).first()).toContainText("Run 01");
  await expect(page.getByRole("link", { name: "Activities", exact: true })).toHaveAttribute("aria-current", "page");

  // Sport: the rides only.
  await page.getByLabel("Sport", { exact: true }).selectOption("ride");
  await expect(page).toHaveURL(/\/activities\?sport=ride$/);
  await expect(summary(page)).toHaveText("1–4 of 4 matching activities · page 1 of 1");
  await expect(rows(page)).toHaveCount(4);
  for (const text of await rows(page).allTextContents()) expect(text).toContain("Ride");

  // A sport with nothing: the list says so and offers to clear.
  await page.getByLabel("Sport", { exact: true }).selectOption("swim");
  await expect(page.getByTestId("no-matches")).toContainText("No activities match these filters.");
  await page.getByRole("button", { name: "Show every activity" }).click();
  await expect(page).toHaveURL(/\/activities$/);
  await expect(summary(page)).toHaveText("1–20 of 24 activities · page 1 of 2");

  // Dates 10 to 5 days ago, both included: runs 6, 8 and 10 days ago, rides 5, 7 and 9 days ago.
  const from = addDays(today(), -10);
  const to = addDays(today(), -5);
  await page.getByLabel("From", { exact: true }).fill(from);
  await page.getByLabel("To", { exact: true }).fill(to);
  await page.getByRole("button", { name: "Apply dates" }).click();
  await expect(page).toHaveURL(new RegExp(`\\?from=${from}&to=${to}$`));
  await expect(rows(page)).toHaveCount(6);
  // The cell shows the start as it was run ("Thu 3 Dec, 07:00 (Paris)"); the filter uses the date in the runner's zone.
  for (const date of await rows(page).locator(":scope > :nth-child(1)").evaluateAll((cells) => cells.map((c) => c.getAttribute("data-local-date") ?? ""))) {
    expect(date >= from && date <= to, date).toBe(true);
  }
  // With a sport too.
  await page.getByLabel("Sport", { exact: true }).selectOption("run");
  await expect(page).toHaveURL(new RegExp(`\\?sport=run&from=${from}&to=${to}$`));
  await expect(rows(page)).toHaveCount(3);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(rows(page)).toHaveCount(20);
  await expect(page.getByLabel("From", { exact: true })).toHaveValue("");

  // Sort by distance: longest first, then shortest first.
  const distanceHeader = page.getByRole("columnheader", { name: /Distance/ });
  await distanceHeader.getByRole("link").click();
  await expect(page).toHaveURL(/\/activities\?sort=distance$/);
  await expect(distanceHeader).toHaveAttribute("aria-sort", "descending");
  await expect(rows(page).first()).toContainText("Ride 4");
  const longestFirst = await distances(page);
  expect(longestFirst).toEqual([...longestFirst].sort((a, b) => b - a));
  await distanceHeader.getByRole("link").click();
  await expect(page).toHaveURL(/\/activities\?sort=distance&dir=asc$/);
  await expect(distanceHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(rows(page).first()).toContainText("Run 01");
  const shortestFirst = await distances(page);
  expect(shortestFirst).toEqual([...shortestFirst].sort((a, b) => a - b));

  // Page 2 of the shortest-first list: the 4 longest, the rides.
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/\/activities\?sort=distance&dir=asc&page=2$/);
  await expect(summary(page)).toHaveText("21–24 of 24 activities · page 2 of 2");
  await expect(rows(page)).toHaveCount(4);
  await expect(rows(page).last()).toContainText("Ride 4");

  // The URL is the state: a reload shows the same page…
  await page.reload();
  await expect(summary(page)).toHaveText("21–24 of 24 activities · page 2 of 2");
  await expect(page.getByRole("columnheader", { name: /Distance/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(page.getByLabel("Sort", { exact: true })).toHaveValue("distance:asc");
  // …and back and forward walk through the runner's steps.
  await page.goBack();
  await expect(page).toHaveURL(/\/activities\?sort=distance&dir=asc$/);
  await expect(summary(page)).toHaveText("1–20 of 24 activities · page 1 of 2");
  await page.goBack();
  await expect(page).toHaveURL(/\/activities\?sort=distance$/);
  await expect(rows(page).first()).toContainText("Ride 4");
  await page.goForward();
  await expect(rows(page).first()).toContainText("Run 01");

  // 50 a page: one page.
  await page.getByLabel("Per page", { exact: true }).selectOption("50");
  await expect(page).toHaveURL(/\/activities\?sort=distance&dir=asc&size=50$/);
  await expect(rows(page)).toHaveCount(24);
  await expect(page.getByTestId("page-of")).toHaveText("Page 1 of 1");

  // A link with values Patella does not know still shows the list, and says what it left out.
  await page.goto("/activities?sport=kayak&sort=pace");
  await expect(page.getByTestId("ignored-params")).toContainText("sort, sport");
  await expect(rows(page)).toHaveCount(20);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("the menu fits the screen, and the list filters, sorts and pages with taps", async ({ page, runner }, info) => {
    void runner;
    test.setTimeout(120_000);
    await seedHistory(page);
    await page.goto("/activities");
    await expect(rows(page)).toHaveCount(20);

    // Nothing wider than the screen: the menu wraps, wide tables scroll inside their box.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Dashboard", "Activities", "Upload", "Check-ins", "Guidance", "Settings"]) {
      const link = nav.getByRole("link", { name, exact: true });
      await expect(link).toBeInViewport();
      const box = (await link.boundingBox())!;
      expect(box.height, name).toBeGreaterThanOrEqual(44);
      expect(box.x + box.width, name).toBeLessThanOrEqual(390);
    }
    await expect(nav.getByRole("link", { name: "Activities", exact: true })).toHaveAttribute("aria-current", "page");

    await page.getByLabel("Sort", { exact: true }).selectOption("distance:desc");
    await expect(page).toHaveURL(/\/activities\?sort=distance$/);
    await expect(rows(page).first()).toContainText("Ride 4");
    await page.getByLabel("Sport", { exact: true }).selectOption("run");
    await expect(page).toHaveURL(/\/activities\?sort=distance&sport=run$/);
    await expect(summary(page)).toHaveText("1–20 of 20 matching activities · page 1 of 1");
    await page.getByLabel("From", { exact: true }).fill(addDays(today(), -20));
    await page.getByRole("button", { name: "Apply dates" }).tap();
    await expect(rows(page)).toHaveCount(10);
    await page.getByRole("button", { name: "Clear filters" }).tap();
    await page.getByRole("link", { name: "Next page" }).tap();
    await expect(summary(page)).toHaveText("21–24 of 24 activities · page 2 of 2");
    await page.reload();
    await expect(page).toHaveURL(/\/activities\?sort=distance&page=2$/);
    await expect(rows(page)).toHaveCount(4);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: info.outputPath("activities-phone.png"), fullPage: true });

    await nav.getByRole("link", { name: "Dashboard", exact: true }).tap();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: info.outputPath("dashboard-phone.png"), fullPage: true });
  });
});

test("the keyboard reaches the content first through the skip link, and focus is visible", async ({ page, runner }) => {
  void runner;
  await page.goto("/activities");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  expect(await skip.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("solid");
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
  // The next Tab lands inside the page, not back in the menu.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
});

test("activities of the sample history carry a Sample badge, in the list and on their page", async ({ page, runner }) => {
  void runner;
  test.setTimeout(120_000);
  const res = await page.request.post("/api/v1/sample-data");
  expect(res.status(), await res.text()).toBe(201);
  await upload(page, { name: "My own run", type: "running", date: addDays(today(), -1), points: 900 });

  await page.goto("/activities");
  const own = rows(page).filter({ hasText: "My own run" });
  await expect(own).toHaveCount(1);
  await expect(own.getByTestId("sample-badge")).toHaveCount(0);
  const sample = rows(page).filter({ has: page.getByTestId("sample-badge") }).first();
  await expect(sample.getByTestId("sample-badge")).toHaveText("Sample");
  await sample.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 }).getByTestId("sample-badge")).toBeVisible();
});
