import { addDays, fixture, shiftedFixture } from "./support/helpers";
import { test, expect } from "./support/fixtures";

test("a runner uploads a GPX file and sees it in the list, the chart and its own page", async ({ page, runner }) => {
  void runner;
  // strava-run-hr.gpx: 3.57 km in 17:56 moving (gpxpy: 3572 m, 1076 s), moved to two days ago.
  const start = addDays(new Date(), -2);
  await page.goto("/upload");
  await page.getByLabel("Choose files").setInputFiles({ name: "evening-run.gpx", mimeType: "application/gpx+xml", buffer: shiftedFixture("strava-run-hr.gpx", start) });
  const results = page.getByTestId("upload-results");
  await expect(results.locator("li", { hasText: "evening-run.gpx" })).toContainText("imported");

  // The same bytes again: recognised, not stored twice.
  await page.getByLabel("Choose files").setInputFiles({ name: "again.gpx", mimeType: "application/gpx+xml", buffer: shiftedFixture("strava-run-hr.gpx", start) });
  await expect(results.locator("li", { hasText: "again.gpx" })).toContainText("already imported");

  // A hostile file: a clear message, nothing stored.
  await page.getByLabel("Choose files").setInputFiles({ name: "xxe.gpx", mimeType: "application/gpx+xml", buffer: fixture("hostile-xxe.gpx") });
  await expect(results.locator("li", { hasText: "xxe.gpx" })).toContainText("refused for safety");

  await page.getByRole("link", { name: "Activities" }).click();
  const rows = page.getByTestId("activities-table").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Greeting SF with a dumb, dumb route");
  await expect(rows.first()).toContainText("3.57 km");
  await expect(rows.first()).toContainText("17:56");

  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.locator(".recharts-bar-rectangle path, .recharts-rectangle").first()).toBeVisible();
  await page.getByText("Show the numbers").click();
  const weekRows = page.getByTestId("weekly-table").locator("tbody tr");
  await expect(weekRows).toHaveCount(12);
  await expect(page.getByTestId("weekly-table")).toContainText("3.57");

  await page.getByRole("link", { name: "Activities" }).click();
  await page.getByRole("link", { name: "Greeting SF with a dumb, dumb route" }).click();
  await expect(page.getByRole("heading", { name: "Greeting SF with a dumb, dumb route" })).toBeVisible();
  await expect(page.locator(".facts")).toContainText("169 bpm");
});

test("units and time zone in settings change what the dashboard shows", async ({ page, runner }) => {
  void runner;
  await page.request.post("/api/v1/uploads", {
    multipart: { file: { name: "run.gpx", mimeType: "application/gpx+xml", buffer: shiftedFixture("strava-run-hr.gpx", addDays(new Date(), -1)) } },
  });
  await page.goto("/settings");
  await page.getByLabel("Miles").check();
  await page.getByLabel(/Time zone/).selectOption("America/New_York");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();

  await page.goto("/dashboard");
  await expect(page.getByText("Monday to Sunday in America/New_York")).toBeVisible();
  await page.getByText("Show the numbers").click();
  // 3568 m / 1609.344 m per mile = 2.22 mi.
  await expect(page.getByTestId("weekly-table")).toContainText("2.22");
  await page.goto("/activities");
  await expect(page.getByTestId("activities-table")).toContainText("2.22 mi");
});
