import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { localDateOf, mondayOf } from "../lib/load/weeks";
import { makeActivityFile } from "../tests/support/activity-files";
import { makeArchive } from "../tests/support/make-archive";
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
  await page.getByRole("region", { name: "Weekly running load" }).getByText("Show the numbers").click();
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
  // A second save on the same page works too (the form must not send back fields it cannot change).
  await page.getByLabel("Resting heart rate (bpm)").fill("52");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await expect(page.locator(".error")).toHaveCount(0);

  await page.goto("/dashboard");
  await expect(page.getByText("Monday to Sunday in America/New_York")).toBeVisible();
  await page.getByRole("region", { name: "Weekly running load" }).getByText("Show the numbers").click();
  // 3568 m / 1609.344 m per mile = 2.22 mi.
  await expect(page.getByTestId("weekly-table")).toContainText("2.22");
  await page.goto("/activities");
  await expect(page.getByTestId("activities-table")).toContainText("2.22 mi");
});

test("five files at once: three imported, one refused with its reason, one already imported", async ({ page, runner }) => {
  void runner;
  const day = (n: number) => addDays(new Date(), -n);
  const first = shiftedFixture("strava-run-hr.gpx", day(2));
  await page.goto("/upload");
  await page.getByLabel("Choose files").setInputFiles([
    { name: "tuesday.gpx", mimeType: "application/gpx+xml", buffer: first },
    { name: "thursday.gpx", mimeType: "application/gpx+xml", buffer: shiftedFixture("garmin-connect-run-hr-2012.gpx", day(4)) },
    { name: "saturday-long.gpx", mimeType: "application/gpx+xml", buffer: shiftedFixture("garmin-connect-run-hr-cad-ns3-prefix.gpx", day(6)) },
    { name: "suspicious.gpx", mimeType: "application/gpx+xml", buffer: fixture("hostile-billion-laughs.gpx") },
    { name: "tuesday-copy.gpx", mimeType: "application/gpx+xml", buffer: first },
  ]);
  await expect(page.getByTestId("upload-summary")).toHaveText("3 imported · 1 already imported · 1 refused");
  const results = page.getByTestId("upload-results");
  await expect(results.locator("li[data-state=refused]")).toContainText("suspicious.gpx: refused: This file contains a document type");
  await expect(results.locator("li[data-state=duplicate]")).toContainText("already imported");
  await expect(results.locator("li[data-state=imported]", { hasText: "saturday-long.gpx" })).toContainText("12.82 km");

  // The activity page draws the recording: route, pace, elevation and heart rate.
  await results.locator("li", { hasText: "saturday-long.gpx" }).getByRole("link", { name: "View activity" }).click();
  await expect(page.getByRole("heading", { name: "casual stroll" })).toBeVisible();
  await expect(page.getByTestId("route").locator("path")).toHaveCount(1);
  await expect(page.getByText("Pace (min/km)")).toBeVisible();
  await expect(page.getByText("Elevation (m)")).toBeVisible();
  await expect(page.getByText("Heart rate (bpm)")).toBeVisible();
  await expect(page.locator(".recharts-line").first()).toBeVisible();
});

test("the same run from a second file is counted once, and the runner can count both", async ({ page, runner }) => {
  void runner;
  const start = addDays(new Date(), -1);
  const original = shiftedFixture("strava-run-hr.gpx", start);
  const phoneCopy = Buffer.from(original.toString("utf8").replace("Greeting SF with a dumb, dumb route", "Phone recording"));
  await page.goto("/upload");
  await page.getByLabel("Choose files").setInputFiles({ name: "watch.gpx", mimeType: "application/gpx+xml", buffer: original });
  await expect(page.getByTestId("upload-summary")).toHaveText("1 imported · 0 already imported · 0 refused");
  await page.getByLabel("Choose files").setInputFiles({ name: "phone.gpx", mimeType: "application/gpx+xml", buffer: phoneCopy });
  const phone = page.getByTestId("upload-results").locator("li", { hasText: "phone.gpx" });
  await expect(phone).toContainText("Same run as “Greeting SF with a dumb, dumb route”");

  // The week that run falls in, Monday to Sunday in the runner's zone (the fixture signs up in Paris).
  const weekRow = page.getByTestId("weekly-table").locator("tbody tr", { hasText: mondayOf(localDateOf(start, "Europe/Paris")) });
  await page.goto("/dashboard");
  await page.getByRole("region", { name: "Weekly running load" }).getByText("Show the numbers").click();
  await expect(weekRow).toContainText("3.57");

  await page.goto("/activities");
  await page.getByRole("link", { name: "Phone recording" }).click();
  await expect(page.getByTestId("same-run")).toContainText("counted only once");
  await page.getByRole("button", { name: "They are different runs: count both" }).click();
  await expect(page.getByTestId("same-run")).toHaveCount(0);
  await page.goto("/dashboard");
  await page.getByRole("region", { name: "Weekly running load" }).getByText("Show the numbers").click();
  await expect(weekRow).toContainText("7.14"); // 2 × 3.57 km
});

test("a runner imports a Strava export archive and sees its activities and the counts", async ({ page, runner }) => {
  void runner;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-e2e-archive-"));
  const zip = path.join(dir, "export_12345.zip");
  const formats = ["gpx", "tcx", "fit"] as const;
  await makeArchive(zip, {
    activities: formats.map((format, i) => ({
      id: 880 + i,
      format,
      gz: format !== "gpx",
      bytes: makeActivityFile(format, 10 + i, 300, Date.now() - 86_400_000),
      name: `Archive ${format.toUpperCase()} run`,
      type: "Run",
    })),
    extraEntries: [{ name: "media/1.jpg", bytes: "jpeg" }],
  });
  await page.goto("/upload");
  await page.getByLabel("Choose an archive").setInputFiles({ name: "export_12345.zip", mimeType: "application/zip", buffer: fs.readFileSync(zip) });
  const progress = page.getByTestId("archive-progress").first();
  await expect(progress).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  await expect(progress.getByTestId("archive-counts")).toHaveText("Done: 3 imported, 0 already imported, 0 refused.");

  await page.goto("/activities");
  for (const format of formats) await expect(page.getByRole("link", { name: `Archive ${format.toUpperCase()} run` })).toBeVisible();

  // The same archive again: everything is recognised.
  await page.goto("/upload");
  await page.getByLabel("Choose an archive").setInputFiles({ name: "export_12345.zip", mimeType: "application/zip", buffer: fs.readFileSync(zip) });
  await expect(page.getByTestId("archive-progress").first().getByTestId("archive-counts")).toHaveText("Done: 0 imported, 3 already imported, 0 refused.", { timeout: 30_000 });
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a TCX file saved as .gpx is read by its content and imported", async ({ page, runner }) => {
  void runner;
  await page.goto("/upload");
  // A Garmin Connect TCX export (Sport="Biking") with a .gpx name: the first bytes say TCX.
  await page.getByLabel("Choose files").setInputFiles({ name: "not-gpx-garmin-connect-tcx.gpx", mimeType: "application/gpx+xml", buffer: fixture("not-gpx-garmin-connect-tcx.gpx") });
  const row = page.getByTestId("upload-results").locator("li", { hasText: "not-gpx-garmin-connect-tcx.gpx" });
  await expect(row).toContainText("imported");
  await expect(row).not.toContainText("does not read");
  const res = await page.request.get("/api/v1/activities");
  const items = (await res.json()).items as { source: string; sport: string }[];
  expect(items.map((a) => [a.source, a.sport])).toEqual([["tcx", "ride"]]);
});
