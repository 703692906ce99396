import { loopGpx } from "../tests/support/loop-gpx";
import { test, expect } from "./support/fixtures";

test("relabelling a run's surface for its route changes the stacked surface chart", async ({ page, runner }, info) => {
  void runner;
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
  const files = [
    { name: "loop-1.gpx", gpx: loopGpx({ start: hoursAgo(50), name: "Park loop" }) },
    { name: "loop-2.gpx", gpx: loopGpx({ start: hoursAgo(26), reverse: true, noiseM: 8, name: "Park loop" }) },
    { name: "other.gpx", gpx: loopGpx({ start: hoursAgo(4), eastWest: -1, name: "Other loop" }) },
  ];
  const ids: string[] = [];
  for (const f of files) {
    const res = await page.request.post("/api/v1/uploads", { multipart: { file: { name: f.name, mimeType: "application/gpx+xml", buffer: Buffer.from(f.gpx) } } });
    expect(res.status(), await res.text()).toBe(201);
    ids.push(((await res.json()) as { activityId: string }).activityId);
  }

  await page.goto("/dashboard");
  await expect(page.getByTestId("surface-chart")).toBeVisible();
  await expect(page.getByTestId("hard-share")).toContainText("Road (asphalt or concrete): 100% of your distance in the last 4 weeks");
  const legend = page.getByTestId("surface-chart").locator(".recharts-legend-item-text");
  await expect(legend).toHaveText(["Road"]);

  await page.goto(`/activities/${ids[0]}`);
  await expect(page.getByTestId("surface-now")).toContainText("Road — assumed: nothing else to go on");
  await page.getByLabel("Surface of this run").selectOption("trail");
  await page.getByLabel("Apply to all my runs on this route").check();
  await page.getByRole("button", { name: "Set surface" }).click();
  await expect(page.getByText("Set on this run and 1 other run on the same route.")).toBeVisible();
  await expect(page.getByTestId("surface-now")).toContainText("Trail — your choice");

  await page.goto(`/activities/${ids[2]}`);
  await expect(page.getByTestId("surface-now")).toContainText("Road — assumed");

  await page.goto("/dashboard");
  await expect(legend).toHaveText(["Road", "Trail"]);
  // Two of the three equal-length loops are now trail: road is about a third.
  await expect(page.getByTestId("hard-share")).toContainText(/Road \(asphalt or concrete\): 3[2-4]% of your distance/);
  await page.getByTestId("surface-table").locator("xpath=ancestor::details").locator("summary").click();
  const trailCells = page.getByTestId("surface-table").locator('td[data-surface="trail"]');
  const values = (await trailCells.allTextContents()).map(Number);
  expect(values.reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
  await page.getByTestId("surface-chart").screenshot({ path: info.outputPath("surface-chart.png") });
});
