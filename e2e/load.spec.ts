import { makeGpx } from "../scripts/bench/make-gpx";
import { addDays, localDateOf, mondayOf } from "../lib/load/weeks";
import { designedHistory } from "../tests/support/designed-history";
import { test, expect } from "./support/fixtures";

test("the dashboard flags the +75% week and the long run; the guidance page lists every item", async ({ page, runner }) => {
  void runner;
  test.setTimeout(120_000);
  // The designed history, placed so that its last week is the week before this one (Paris time).
  const thisMonday = mondayOf(localDateOf(new Date(), "Europe/Paris"));
  const { runs, jumpWeek, longRunDate } = designedHistory(addDays(thisMonday, -7 * 13));
  // The bench's synthetic recorder moves about 3 m a second: points ≈ metres / 3.
  for (const [i, r] of runs.entries()) {
    const start = Date.parse(`${r.date}T06:00:00Z`);
    const res = await page.request.post("/api/v1/uploads", {
      multipart: { file: { name: `run-${i}.gpx`, mimeType: "application/gpx+xml", buffer: Buffer.from(makeGpx(Math.round((r.distanceKm * 1000) / 3), start)) } },
    });
    expect(res.status(), await res.text()).toBe(201);
  }

  await page.goto("/dashboard");
  const spikes = page.getByTestId("spikes");
  await expect(spikes.locator("li")).toHaveCount(1);
  await expect(spikes.locator("li")).toContainText(`on ${longRunDate}`);
  await expect(spikes.locator("li")).toContainText("moderate spike");
  await page.getByRole("region", { name: "Weekly running load" }).getByText("Show the numbers").click();
  const over30 = page.getByTestId("weekly-table").locator('tbody tr[data-change="over_30"]');
  await expect(over30).toHaveCount(1);
  await expect(over30).toContainText(jumpWeek);
  await expect(page.getByTestId("guidance-panel").locator("li").first()).toBeVisible();

  await page.getByRole("link", { name: "Guidance", exact: true }).click();
  await expect(page.getByRole("heading", { name: "When to see a healthcare professional" })).toBeVisible();
  const rules = page.getByTestId("guidance-rule");
  await expect(rules).toHaveCount(30);
  for (const status of await rules.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))) {
    expect(["ok", "watch", "act", "not_enough_data", "education"]).toContain(status);
  }
  await expect(page.locator("#prevention-5-gradual-progression")).toContainText("Prevention 5: Gradual Progression");
});
