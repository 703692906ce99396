import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { loopGpx } from "../tests/support/loop-gpx";
import { addDays } from "./support/helpers";
import { test, expect } from "./support/fixtures";

/**
 * The answer first: after a run 17% longer than the longest of the previous 30 days, the upload
 * row, the activity page's "This run" strip and the activities list show the small-spike badge,
 * and the dashboard's Today card — inside the first screen — names the spike and the next-run
 * ceiling. On a phone and on a desktop; the card and badges are axe-clean.
 */

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// Loops of 1,000 × 500 m (3.0 km) and 1,255 × 500 m (3.51 km): 3.51 / 3.0 − 1 = +17%.
const gpx = (start: Date, widthM: number, name: string) => Buffer.from(loopGpx({ start, widthM, heightM: 500, name }));

async function expectAxeClean(page: Page, selector: string) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).include(selector).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(blocking.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

for (const [size, viewport] of [
  ["phone", { width: 390, height: 844 }],
  ["desktop", { width: 1280, height: 900 }],
] as const) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport, ...(size === "phone" ? { isMobile: true, hasTouch: true } : {}) });

    test(`a 17% longer run shows as a small spike everywhere, and the Today card answers first (${size})`, async ({ page, runner }, info) => {
      void runner;
      const earlier = await page.request.post("/api/v1/uploads", {
        multipart: { file: { name: "usual.gpx", mimeType: "application/gpx+xml", buffer: gpx(addDays(new Date(), -10), 1000, "Usual loop") } },
      });
      expect(earlier.status(), await earlier.text()).toBe(201);

      await page.goto("/upload");
      await page.getByLabel("Choose files").setInputFiles({ name: "longer.gpx", mimeType: "application/gpx+xml", buffer: gpx(addDays(new Date(), -1), 1255, "Longer loop") });
      const row = page.getByTestId("upload-results").locator("li", { hasText: "longer.gpx" });
      await expect(row).toContainText("imported");
      await expect(row.getByTestId("spike-badge")).toHaveText("small spike +17%");
      await expectAxeClean(page, "[data-testid=upload-results]");
      await page.screenshot({ path: info.outputPath(`upload-${size}.png`) });

      await row.getByRole("link", { name: "View activity" }).click();
      const strip = page.getByTestId("this-run");
      await expect(strip.getByTestId("spike-badge")).toHaveText("small spike +17%");
      await expect(strip).toContainText("3.5 km against 3.0 km, the longest run of the previous 30 days");
      await expect(strip).toContainText(/Load \d+ AU/);
      await expectAxeClean(page, "[data-testid=this-run]");
      await page.screenshot({ path: info.outputPath(`activity-${size}.png`) });

      await page.goto("/activities");
      const listRow = page.getByTestId("activities-table").locator("tbody tr", { hasText: "Longer loop" });
      // One badge shows: the column on a desktop, in the row's name cell on a phone.
      const shown = listRow.locator("[data-testid=spike-badge]:visible");
      await expect(shown).toHaveCount(1);
      await expect(shown).toHaveText("small spike +17%");
      if (size === "phone") await expect(listRow.locator("th [data-testid=spike-badge]")).toBeVisible();
      else await expect(listRow.locator("td.spike-col [data-testid=spike-badge]")).toBeVisible();
      await expectAxeClean(page, "[data-testid=activities-table]");
      await page.screenshot({ path: info.outputPath(`activities-${size}.png`), fullPage: true });

      await page.goto("/dashboard");
      const card = page.getByTestId("today-card");
      await expect(card).toBeVisible();
      await expect(card.getByTestId("today-latest")).toContainText("17% longer than your longest run of the previous 30 days (3.0 km): small spike");
      // 1.1 × 3.51 km = 3.86 km.
      await expect(card.getByTestId("today-ceiling")).toContainText("Your next run can be up to 3.9 km without a spike.");
      const box = await card.boundingBox();
      expect(box, "the Today card has a box").not.toBeNull();
      expect(box!.y + box!.height, "the Today card ends above the fold").toBeLessThanOrEqual(viewport.height);
      await expectAxeClean(page, "[data-testid=today-card]");
      await page.screenshot({ path: info.outputPath(`dashboard-${size}.png`) });
    });
  });
}

test("the Today card is in the dashboard's HTML, not fetched after it", async ({ page, runner }) => {
  void runner;
  const res = await page.request.get("/dashboard");
  expect(res.status()).toBe(200);
  const html = await res.text();
  expect(html).toContain('data-testid="today-card"');
  expect(html).toContain("No runs yet.");
});

test("while a warning sign is open the Today card gives no distance: it sends the runner to a professional", async ({ page, runner }, info) => {
  void runner;
  const up = await page.request.post("/api/v1/uploads", {
    multipart: { file: { name: "usual.gpx", mimeType: "application/gpx+xml", buffer: gpx(addDays(new Date(), -3), 1000, "Usual loop") } },
  });
  expect(up.status(), await up.text()).toBe(201);
  const checkin = await page.request.post("/api/v1/checkins", { data: { pain: 5, timing: "at_rest", redFlags: ["swelling"] } });
  expect(checkin.status(), await checkin.text()).toBe(201);
  await page.goto("/dashboard");
  const card = page.getByTestId("today-card");
  await expect(card.getByTestId("today-held")).toContainText("See a healthcare professional before your next run.");
  await expect(card.getByTestId("today-held")).toContainText("You reported swelling.");
  await expect(card).not.toContainText("can be up to");
  await expectAxeClean(page, "[data-testid=today-card]");
  await page.screenshot({ path: info.outputPath("dashboard-held.png") });
});
