import { test, expect } from "./support/fixtures";

/** The local Strava server of playwright.config.ts (its control API creates activities). */
const STRAVA_PORT = Number(process.env.E2E_STRAVA_PORT ?? 4110);

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

  // A run uploaded to Strava whose webhook never reaches Patella arrives with "Sync now".
  const created = await page.request.post(`http://127.0.0.1:${STRAVA_PORT}/__control/activities`, {
    data: { athlete_id: 7654321, sport_type: "Run", name: "Missed by the webhook", webhook: false },
  });
  expect(created.status()).toBe(201);
  await expect(page.getByTestId("strava-sync")).toContainText("Last checked with Strava at");
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByTestId("strava-import")).toHaveText(/History imported: 601 activities from Strava/, { timeout: 30_000 });

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
  await expect(page.getByTestId("strava-disconnected")).toContainText("Deleted 601 activities");
  await expect(page.getByTestId("strava-status")).toContainText("Not connected");
  const list = (await (await page.request.get("/api/v1/activities?limit=5")).json()) as { items: unknown[]; total?: number };
  expect(list.items).toHaveLength(0);
  await page.goto("/dashboard");
  await expect(page.getByText("No runs in these weeks yet.")).toBeVisible();
});
