import { test, expect } from "./support/fixtures";

test("a runner signs in with Strava through the consent page and lands on the dashboard", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Strava" }).click();

  // The local Strava server's consent page, reached through STRAVA_BASE_URL.
  await expect(page.getByRole("heading", { name: "Authorize Patella to connect to Strava" })).toBeVisible();
  await expect(page.getByLabel("activity:read_all")).toBeChecked();
  await page.getByRole("button", { name: "Authorize" }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText("Ada Runner");
  await page.goto("/settings");
  await expect(page.getByTestId("strava-status")).toHaveText("Connected to Strava (athlete 1234567).");
  // Tokens never reach the browser.
  const settings = await (await page.request.get("/api/v1/settings")).text();
  expect(settings).not.toMatch(/token/i);
  await context.close();
});

test("declining on Strava's consent page leaves the runner signed out with a message", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Strava" }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.locator("main [role=alert]")).toBeVisible();
  await context.close();
});

test("a runner connects Strava from settings, watches the history import finish, sees the runs, then disconnects", async ({ page, runner }) => {
  test.setTimeout(120_000);
  await page.goto("/settings");
  await expect(page.getByTestId("strava-status")).toContainText("Not connected");
  await page.getByRole("button", { name: "Connect Strava" }).click();
  await page.getByLabel("Athlete").selectOption({ label: "Bo Trail" });
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByTestId("strava-status")).toHaveText("Connected to Strava (athlete 7654321).");
  // Still the same runner, not a new account.
  await expect(page.getByTestId("signed-in-as")).toHaveText(runner.name);

  // The progress bar runs while the worker imports Bo's 600 activities, then the card says so.
  await expect(page.getByTestId("strava-import")).toHaveText(/History imported: 600 activities from Strava/, { timeout: 60_000 });
  await expect(page.getByText("Powered by Strava")).toBeVisible();

  // The runs are on the dashboard and in the list, attributed to Strava.
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Weekly running load" })).toBeVisible();
  await expect(page.getByText("No runs in these weeks yet.")).toHaveCount(0);
  await page.goto("/activities");
  await page.locator('table a[href^="/activities/"]').first().click();
  await expect(page.getByTestId("strava-attribution")).toContainText("View on Strava");
  await expect(page.getByRole("link", { name: "View on Strava" })).toHaveAttribute("href", /\/activities\/\d+$/);

  // Disconnect: confirmed, Strava told, every Strava activity gone.
  await page.goto("/settings");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Disconnect Strava" }).click();
  await expect(page.getByTestId("strava-disconnected")).toContainText("Deleted 600 activities");
  await expect(page.getByTestId("strava-status")).toContainText("Not connected");
  const list = (await (await page.request.get("/api/v1/activities?limit=5")).json()) as { items: unknown[]; total?: number };
  expect(list.items).toHaveLength(0);
  await page.goto("/dashboard");
  await expect(page.getByText("No runs in these weeks yet.")).toBeVisible();
});
