import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { makeGpx } from "../scripts/bench/make-gpx";
import { test, expect } from "./support/fixtures";

/**
 * Safety with one voice (issue 16). With an open warning sign, no screen shows "Nothing flagged" or a
 * training ceiling, and the runner's own sign leads the Guidance page; with no sign, the dashboard's
 * first phone screen holds no red card.
 */

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

/** The danger red of globals.css (--danger: #b42318). */
const DANGER = "rgb(180, 35, 24)";

async function uploadRunHoursAgo(page: Page, hours: number, metres: number): Promise<string> {
  const start = Date.now() - hours * 3_600_000;
  const res = await page.request.post("/api/v1/uploads", {
    multipart: { file: { name: "recent.gpx", mimeType: "application/gpx+xml", buffer: Buffer.from(makeGpx(Math.round(metres / 3), start)) } },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { activityId: string }).activityId;
}

async function checkIn(page: Page, body: Record<string, unknown>): Promise<void> {
  const res = await page.request.post("/api/v1/checkins", { data: body });
  expect(res.status(), await res.text()).toBe(201);
}

/** No serious or critical axe violation (WCAG 2.1 A and AA) in the held, grey state. */
async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(blocking.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function expectOneVoice(page: Page): Promise<void> {
  const main = page.locator("main");
  await expect(page.getByTestId("red-flag-banner")).toBeVisible();
  await expect(main.getByText("Nothing flagged")).toHaveCount(0);
  await expect(main.getByText(/ceiling/i)).toHaveCount(0);
}

test("an open warning sign holds every other piece of advice, on every screen", async ({ page, runner }, info) => {
  void runner;
  const activityId = await uploadRunHoursAgo(page, 20, 8000);
  // Without the sign, this check-in alone would say "reduce your running".
  await checkIn(page, { pain: 6, timing: "during", activityId });
  await checkIn(page, { pain: 3, timing: "at_rest", redFlags: ["swelling"] });

  await page.goto("/dashboard");
  await expectOneVoice(page);
  await expect(page.getByTestId("red-flag-sign")).toContainText(/Your warning sign: swelling, reported on \d{4}-\d{2}-\d{2}\./);
  const panel = page.getByTestId("guidance-panel");
  await expect(panel.locator("li[data-rule]")).toHaveCount(2);
  await expect(panel.locator("li[data-rule]").first()).toHaveAttribute("data-rule", "faq-3-when-to-see-a-doctor");
  const held = page.locator("section[aria-labelledby=guidance-title]").getByTestId("held-rules");
  await expect(held).toContainText("On hold until you have been seen");
  await expect(held).not.toHaveAttribute("open", "");
  await expect(held.locator('[data-rule="faq-2-running-with-knee-pain"]')).toBeHidden();
  await held.locator("summary").tap();
  await expect(held.locator('[data-rule="faq-2-running-with-knee-pain"]')).toBeVisible();
  await expectAccessible(page);
  // The runner's own sign is the dashboard's first card; the Today card below it holds its advice, in grey.
  await expect(page.locator("main .card").first()).toHaveAttribute("data-testid", "red-flag-banner");
  await expect(page.getByTestId("today-held")).toBeVisible();
  await page.screenshot({ path: info.outputPath("dashboard-open-sign-phone.png"), fullPage: true });

  await page.goto("/guidance");
  await expectOneVoice(page);
  // The runner's sign is the page's first card, FAQ 3 and FAQ 6 follow it.
  await expect(page.locator("main .card").first()).toHaveAttribute("data-testid", "red-flag-banner");
  const first = page.getByTestId("guidance-first");
  await expect(first.locator("article").nth(0)).toHaveAttribute("id", "faq-3-when-to-see-a-doctor");
  await expect(first.locator("article").nth(1)).toHaveAttribute("id", "faq-6-more-serious-condition");
  await expect(page.locator("#faq-3-when-to-see-a-doctor")).toHaveAttribute("data-status", "act");
  await expect(page.locator("#faq-2-running-with-knee-pain")).toHaveAttribute("data-status", "held");
  await expect(page.getByText(/Reduce your running/)).toHaveCount(0);
  await page.getByTestId("held-rules").first().locator("summary").tap();
  await expectAccessible(page);
  await page.screenshot({ path: info.outputPath("guidance-open-sign-phone.png"), fullPage: true });

  await page.goto("/checkins");
  await expectOneVoice(page);
  await expect(page.getByTestId("pain-model")).toHaveAttribute("data-status", "held");
  await expect(page.getByText("Reduce your running for now.")).toHaveCount(0);

  await page.goto(`/activities/${activityId}`);
  await expectOneVoice(page);

  // Marked as seen: the guidance speaks again.
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "I have seen a healthcare professional about this" }).tap();
  await expect(page.getByTestId("red-flag-banner")).toHaveCount(0);
  await expect(page.getByTestId("held-rules")).toHaveCount(0);
  await expect(page.getByTestId("guidance-panel").locator('[data-rule="faq-2-running-with-knee-pain"] [data-status]')).toHaveAttribute("data-status", "act");
});

test("without a warning sign, the dashboard's first phone screen holds no red card", async ({ page, runner }, info) => {
  void runner;
  await uploadRunHoursAgo(page, 20, 8000);
  await checkIn(page, { pain: 2, timing: "after" });
  await page.goto("/dashboard");
  await expect(page.getByTestId("guidance-panel")).toBeVisible();
  await expect(page.getByTestId("red-flag-banner")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "When to see a professional" })).toHaveAttribute("href", "/guidance#warning-signs");
  // Every card whose top is in the first 844 pixels: no red border and no red background.
  const reds = await page.locator("main .card").evaluateAll(
    (cards, danger) =>
      cards
        .filter((card) => card.getBoundingClientRect().top < window.innerHeight)
        .filter((card) => {
          const style = getComputedStyle(card);
          return [style.borderTopColor, style.borderLeftColor, style.backgroundColor].includes(danger as string);
        })
        .map((card) => card.outerHTML.slice(0, 120)),
    DANGER,
  );
  expect(reds).toEqual([]);
  await page.screenshot({ path: info.outputPath("dashboard-no-sign-phone.png") });
});

test("a run stopped by pain above 5/10 books an appointment, not the same day", async ({ page, runner }) => {
  void runner;
  await page.goto("/checkins/new");
  await page.locator('[data-pain="6"]').tap();
  await page.locator("label.chip", { hasText: "At rest" }).tap();
  await expect(page.getByLabel("The pain made me stop the run")).toHaveCount(0);
  await page.locator("label.chip", { hasText: "During" }).tap();
  await page.getByLabel("The pain made me stop the run").check();
  await page.getByRole("button", { name: "Save check-in" }).tap();
  await expect(page).toHaveURL(/\/checkins\?saved=/);

  await page.goto("/guidance");
  const faq3 = page.locator("#faq-3-when-to-see-a-doctor");
  await expect(faq3).toHaveAttribute("data-status", "act");
  await expect(faq3).toContainText(/Pain 6\/10 during the run on \d{4}-\d{2}-\d{2} made you stop\./);
  await expect(faq3).toContainText("Book an appointment with a doctor or physiotherapist");
  await expect(faq3).not.toContainText("See a doctor today");
  // Not a warning sign: nothing is held, and no red banner.
  await expect(page.getByTestId("red-flag-banner")).toHaveCount(0);
  await expect(page.locator("#faq-2-running-with-knee-pain")).toHaveAttribute("data-status", "act");
});
