import { test, expect } from "@playwright/test";
import { createAccount } from "./support/fixtures";

test("a runner signs up, signs out and signs back in through the forms", async ({ page }) => {
  const email = `form-${Date.now()}@example.test`;
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByRole("link", { name: "Create an account" }).click();

  await page.getByLabel("Name").fill("Form Runner");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password (at least 10 characters, not a common one)").fill("a long enough password");
  await page.getByLabel("Repeat password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();

  // A new account starts with the first-run questions (e2e/onboarding.spec.ts); skip them here.
  await expect(page).toHaveURL(/\/onboarding$/);
  await page.getByRole("link", { name: "Skip for now" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText("Form Runner");
  await expect(page.getByText("No runs in these weeks yet.")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("the wrong password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("main [role=alert]")).toHaveText("Email or password is incorrect.");

  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
});

test("the sign-up form explains what is wrong", async ({ page, request }) => {
  const taken = await createAccount(request);
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(taken.email);
  await page.getByLabel("Password (at least 10 characters, not a common one)").fill("a long enough password");
  await page.getByLabel("Repeat password").fill("something else entirely");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("main [role=alert]")).toHaveText("The two passwords do not match.");

  // A taken email: the server answers as for a free one; signing in with another password fails.
  await page.getByLabel("Password (at least 10 characters, not a common one)").fill("another long password");
  await page.getByLabel("Repeat password").fill("another long password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("main [role=alert]")).toContainText("could not be signed in");
  await expect(page).toHaveURL(/\/sign-up$/);
});

test("sign-in attempts are rate-limited per email", async ({ page, request }) => {
  const runner = await createAccount(request);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(runner.email);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Password").fill(`wrong password ${i}`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.locator("main [role=alert]")).toHaveText("Email or password is incorrect.");
  }
  await page.getByLabel("Password").fill(runner.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("main [role=alert]")).toContainText("Too many sign-in attempts");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("a copied session cookie stops working after sign-out, and Settings' sign out everywhere ends every other session", async ({ page, browser }) => {
  const runner = await createAccount(page.request);
  const signIn = async () => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(runner.email);
    await page.getByLabel("Password").fill(runner.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/(dashboard|onboarding)$/);
  };
  /** A second browser holding a copy of the page's session cookie: what it gets from the API. */
  const copyOfSession = async () => {
    const cookies = (await page.context().cookies()).filter((c) => c.name.includes("authjs.session-token"));
    expect(cookies.length).toBeGreaterThan(0);
    const thief = await browser.newContext({ baseURL: page.url() });
    await thief.addCookies(cookies);
    return { status: async () => (await thief.request.get("/api/v1/settings")).status(), close: () => thief.close() };
  };

  await signIn();
  const copied = await copyOfSession();
  expect(await copied.status()).toBe(200);
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(await copied.status()).toBe(401);
  await copied.close();

  await signIn();
  const other = await copyOfSession();
  expect(await other.status()).toBe(200);
  await page.goto("/settings");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=everywhere$/);
  await expect(page.getByRole("status")).toContainText("You were signed out everywhere");
  expect(await other.status()).toBe(401);
  await other.close();
});
