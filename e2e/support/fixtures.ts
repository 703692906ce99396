import { randomBytes } from "node:crypto";
import { test as base, expect, type APIRequestContext } from "@playwright/test";

export interface Runner {
  email: string;
  password: string;
  name: string;
}

/** Creates an account over HTTP (not through the form: that has its own test). */
export async function createAccount(request: APIRequestContext, overrides: Partial<Runner> = {}): Promise<Runner> {
  const runner = {
    email: `e2e-${randomBytes(6).toString("hex")}@example.test`,
    password: "a long enough password",
    name: "E2E Runner",
    ...overrides,
  };
  const res = await request.post("/api/v1/auth/sign-up", {
    data: { ...runner, timeZone: "Europe/Paris" },
  });
  expect(res.status(), await res.text()).toBe(202);
  return runner;
}

/** Signs in over HTTP through Auth.js's credentials callback; the session cookie lands in the page's context. */
export async function signInOverHttp(request: APIRequestContext, runner: Runner): Promise<void> {
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email: runner.email, password: runner.password },
    maxRedirects: 0,
  });
  expect([302, 303]).toContain(res.status());
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { email?: string } } | null;
  expect(session?.user?.email).toBe(runner.email);
}

/** `runner`: a fresh, signed-in runner for each test. */
export const test = base.extend<{ runner: Runner }>({
  runner: async ({ page }, provide) => {
    const runner = await createAccount(page.request);
    await signInOverHttp(page.request, runner);
    await provide(runner);
  },
});

export { expect };
