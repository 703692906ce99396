import type { Page } from "@playwright/test";
import { addDays } from "./support/helpers";
import { test, expect } from "./support/fixtures";

/**
 * A slow 18.2 km walk recorded as <type>running</type> (22:41 /km): imported as a run, it inflates
 * the week. Changing its sport to hike, from the upload row or from its page, drops its distance from
 * the weekly chart. A treadmill run without a file is added by hand.
 */

/** A straight walk north: `km` km at 0.735 m/s (22:41 /km), a point every 10 s, typed as running. */
function slowWalkGpx(start: Date, km = 18.2, name = "Morning walk"): Buffer {
  const speed = 0.735;
  const points = Math.round((km * 1000) / (speed * 10));
  const mPerDegLat = 111_195;
  const out: string[] = [];
  for (let i = 0; i <= points; i++) {
    const lat = 45.9 + (i * speed * 10) / mPerDegLat;
    const t = new Date(start.getTime() + i * 10_000).toISOString();
    out.push(`<trkpt lat="${lat.toFixed(7)}" lon="6.1"><ele>500</ele><time>${t}</time></trkpt>`);
  }
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="e2e" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>${name}</name><type>running</type><trkseg>${out.join("")}</trkseg></trk></gpx>`,
  );
}

async function weeklyNumbers(page: Page) {
  await page.goto("/dashboard");
  await page.getByRole("region", { name: "Weekly running load" }).getByText("Show the numbers").click();
  return page.getByTestId("weekly-table");
}

test("a mis-detected hike changed to a hike from the upload row leaves the weekly chart", async ({ page, runner }) => {
  void runner;
  await page.goto("/upload");
  await page.getByLabel("Choose files").setInputFiles({ name: "walk.gpx", mimeType: "application/gpx+xml", buffer: slowWalkGpx(addDays(new Date(), -1)) });
  const row = page.getByTestId("upload-results").locator("li", { hasText: "walk.gpx" });
  await expect(row).toContainText("imported");
  await expect(row.getByTestId("upload-sport")).toContainText("Imported as run.");

  let table = await weeklyNumbers(page);
  await expect(table).toContainText("18.2");

  await page.goto("/upload");
  await page.getByLabel("Choose files").setInputFiles({ name: "walk-2.gpx", mimeType: "application/gpx+xml", buffer: slowWalkGpx(addDays(new Date(), -2), 18.2, "Second walk") });
  const second = page.getByTestId("upload-results").locator("li", { hasText: "walk-2.gpx" });
  await expect(second).toContainText("imported");
  await second.getByTestId("sport-change-open").click();
  await second.getByTestId("sport-change-select").selectOption("hike");
  await second.getByTestId("sport-change-save").click();
  await expect(second).toContainText("Now counted as hike.");

  // The first walk still counts as a run (18.2 km); the second, now a hike, no longer does.
  table = await weeklyNumbers(page);
  await expect(table).toContainText("18.2");
  await expect(table).not.toContainText("36.4");
  const res = await page.request.get("/api/v1/activities?sport=hike");
  expect((await res.json()).items.map((a: { name: string }) => a.name)).toEqual(["Second walk"]);
});

test("a mis-detected hike changed to a hike from its page leaves the weekly chart; a ride shows speed", async ({ page, runner }) => {
  void runner;
  const up = await page.request.post("/api/v1/uploads", {
    multipart: { file: { name: "walk.gpx", mimeType: "application/gpx+xml", buffer: slowWalkGpx(addDays(new Date(), -1)) } },
  });
  expect(up.status()).toBe(201);
  const { activityId } = await up.json();
  let table = await weeklyNumbers(page);
  await expect(table).toContainText("18.2");

  await page.goto(`/activities/${activityId}`);
  await expect(page.getByTestId("check-in-for-run")).toBeVisible();
  await expect(page.locator(".facts")).toContainText("Average pace");
  await page.getByTestId("sport-change-open").click();
  await page.getByTestId("sport-change-select").selectOption("hike");
  await page.getByTestId("sport-change-save").click();
  await expect(page.getByTestId("activity-sport-label")).toHaveText("Hike");
  // Not a run any more: no "this run" wording, no run check-in, no surface card.
  await expect(page.getByTestId("check-in-for-run")).toHaveCount(0);
  await expect(page.getByTestId("this-run")).toHaveCount(0);
  await expect(page.getByTestId("surface")).toHaveCount(0);

  table = await weeklyNumbers(page);
  await expect(table).not.toContainText("18.2");

  // Title and sport through the edit form: a ride shows its speed, not a pace.
  await page.goto(`/activities/${activityId}`);
  await page.getByTestId("edit-activity-open").click();
  await page.getByLabel("Title").fill("Bike to work");
  await page.getByLabel("Sport").selectOption("ride");
  await page.getByTestId("edit-activity-save").click();
  await expect(page.getByRole("heading", { name: "Bike to work" })).toBeVisible();
  await expect(page.locator(".facts")).toContainText("Average speed");
  await expect(page.locator(".facts")).not.toContainText("Average pace");
});

test("a treadmill run added by hand counts in the week", async ({ page, runner }) => {
  void runner;
  await page.goto("/activities");
  await page.getByTestId("add-by-hand").click();
  await expect(page.getByRole("heading", { name: "Add an activity by hand" })).toBeVisible();
  await page.getByLabel("Sport").selectOption("treadmill_run");
  await page.getByLabel(/^Duration/).fill("32:30");
  await page.getByLabel(/^Distance/).fill("6.4");
  await page.getByLabel(/^Perceived exertion/).fill("5");
  await page.getByTestId("manual-save").click();
  await expect(page.getByRole("heading", { name: /^Treadmill run on / })).toBeVisible();
  await expect(page.locator(".facts")).toContainText("6.40 km");
  await expect(page.locator(".facts")).toContainText("32:30");
  await expect(page.locator(".facts")).toContainText("Entered by hand");
  await expect(page.getByTestId("surface-now")).toContainText("Treadmill");

  const table = await weeklyNumbers(page);
  await expect(table).toContainText("6.4");
  await page.goto("/activities?source=manual");
  await expect(page.getByTestId("activities-table").locator("tbody tr")).toHaveCount(1);
});
