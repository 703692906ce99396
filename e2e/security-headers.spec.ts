import { test, expect } from "./support/fixtures";
import { fixture } from "./support/helpers";

/**
 * The security headers, cookies and CSRF defences of the built app, as a browser meets them. (The
 * policies' details are unit-tested in tests/integration/security-headers.test.ts; here: that the
 * running server sends them and that they do what they are for.)
 */

const STRAVA_ORIGIN = `http://127.0.0.1:${Number(process.env.E2E_STRAVA_PORT ?? 4110)}`;

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

test("pages carry a nonce-based Content-Security-Policy, a fresh nonce each time, on every script", async ({ request }) => {
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  expect(first.status()).toBe(200);
  const policy = first.headers()["content-security-policy"] ?? "";
  const d = directives(policy);
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
  expect(nonce, policy).toBeTruthy();
  expect(second.headers()["content-security-policy"]).not.toContain(nonce);

  expect(d.get("default-src")).toEqual(["'self'"]);
  expect(d.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]); // no 'unsafe-inline', no 'unsafe-eval'
  expect(d.get("object-src")).toEqual(["'none'"]);
  expect(d.get("frame-ancestors")).toEqual(["'none'"]);
  expect(d.get("base-uri")).toEqual(["'self'"]);
  // "Sign in with Strava" ends at Strava's consent page (STRAVA_BASE_URL, the local Strava here).
  expect(d.get("form-action")).toEqual(["'self'", STRAVA_ORIGIN]);
  // Served over http: no upgrade (it would break http://localhost).
  expect(d.has("upgrade-insecure-requests")).toBe(false);

  const html = await first.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);

  const headers = first.headers();
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["permissions-policy"]).toBe("camera=(), microphone=(), geolocation=()");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
});

test("API answers carry a policy that allows nothing to load", async ({ request }) => {
  const res = await request.get("/api/v1/settings");
  expect(res.status()).toBe(401);
  expect(res.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
});

test("a script injected into a page does not run, while the page's own scripts do", async ({ page, runner }) => {
  void runner;
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/.test(m.text())) refused.push(m.text());
  });
  await page.goto("/checkins/new");
  // The page hydrated: its client-side form reacts.
  await page.getByLabel("Is your knee swollen?").check();
  await expect(page.getByTestId("referral")).toBeVisible();
  expect(refused).toEqual([]);
  // Markup injected as an attacker would (the classic payload: an inline event handler) does not run.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML("beforeend", `<img src="/nonexistent.png" onerror="window.__injected = true">`);
  });
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected ?? false)).toBe(false);
  await expect.poll(() => refused.length).toBeGreaterThan(0);
});

// Secure cookies behind a trusted https proxy (TRUST_PROXY=1, or an https AUTH_URL): tests/integration/secure-cookies.test.ts.
test("session cookies: HttpOnly and SameSite=Lax; a client's own X-Forwarded-Proto: https is ignored without TRUST_PROXY=1", async ({ playwright, runner }, info) => {
  for (const proto of ["http", "https"] as const) {
    // A fresh context, so nothing but the cookies named here is sent.
    const api = await playwright.request.newContext({ baseURL: info.project.use.baseURL, extraHTTPHeaders: proto === "https" ? { "x-forwarded-proto": "https" } : {} });
    const csrfRes = await api.get("/api/auth/csrf");
    const csrfCookie = setCookies(csrfRes.headersArray()).find((c) => c.name.endsWith("authjs.csrf-token"));
    expect(csrfCookie, `the CSRF cookie over ${proto}`).toBeDefined();
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const signIn = await api.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: runner.email, password: runner.password },
      headers: { cookie: `${csrfCookie!.name}=${csrfCookie!.value}` },
      maxRedirects: 0,
    });
    expect([302, 303]).toContain(signIn.status());
    const session = setCookies(signIn.headersArray()).find((c) => /authjs\.session-token$/.test(c.name));
    expect(session, `the session cookie over ${proto}`).toBeDefined();
    const attrs = session!.attributes;
    expect(attrs).toContain("httponly");
    expect(attrs).toContain("samesite=lax");
    expect(attrs).toContain("path=/");
    // The e2e server runs without TRUST_PROXY: the header a client sends is dropped at the socket, so
    // the connection (plain http) decides: no Secure cookie, no HSTS.
    expect(session!.name).toBe("authjs.session-token");
    expect(attrs).not.toContain("secure");
    expect(csrfCookie!.name).toBe("authjs.csrf-token");
    expect(signIn.headers()["strict-transport-security"]).toBeUndefined();
    // The cookie signs the runner in, for the API (lib/auth/session-token.ts) and for pages (Auth.js).
    const cookie = { cookie: `${session!.name}=${session!.value}` };
    const settings = await api.get("/api/v1/settings", { headers: cookie });
    expect(settings.status()).toBe(200);
    expect(((await settings.json()) as { settings: { email: string } }).settings.email).toBe(runner.email);
    const dashboard = await api.get("/dashboard", { headers: cookie, maxRedirects: 0 });
    expect(dashboard.status(), `/dashboard over ${proto}`).toBe(200);
    await api.dispose();
  }
});

test("a form on another origin of the same site cannot upload into the runner's account; Patella's own page can", async ({ page, runner }, info) => {
  void runner;
  const app = new URL(info.project.use.baseURL!).origin;
  const gpx = [...fixture("strava-run-hr.gpx")];
  const post = (to: string) =>
    page.evaluate(
      async ({ to, gpx }) => {
        const form = new FormData();
        form.append("file", new File([new Uint8Array(gpx)], "forged.gpx", { type: "application/gpx+xml" }));
        // multipart/form-data is a "simple" request: no CORS preflight, cookies included.
        await fetch(`${to}/api/v1/uploads`, { method: "POST", body: form, credentials: "include", mode: "no-cors" });
      },
      { to, gpx },
    );
  const uploads = async () => ((await (await page.request.get("/api/v1/uploads")).json()) as { uploads: unknown[] }).uploads.length;

  // The local Strava server: another origin (port) on the same host, so the same site, and the
  // runner's SameSite=Lax cookie goes along. Only the origin check stands in the way.
  await page.goto(`${STRAVA_ORIGIN}/`);
  await post(app);
  expect(await uploads()).toBe(0);

  // The same request from Patella's own page imports the run.
  await page.goto("/upload");
  await post(app);
  await expect.poll(uploads).toBe(1);
});

test("Auth.js refuses a forged sign-out (no CSRF token): the runner stays signed in", async ({ page, runner }) => {
  const res = await page.request.post("/api/auth/signout", { form: { callbackUrl: "/" }, headers: { origin: "https://evil.example" }, maxRedirects: 0 });
  expect(setCookies(res.headersArray()).filter((c) => /session-token$/.test(c.name))).toEqual([]);
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string } } | null;
  expect(session?.user?.email).toBe(runner.email);
});

interface SetCookie {
  name: string;
  value: string;
  /** Lower-cased attributes: "httponly", "samesite=lax", "path=/", "secure"… */
  attributes: string[];
}

function setCookies(headers: { name: string; value: string }[]): SetCookie[] {
  return headers
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => {
      const [pair = "", ...attributes] = h.value.split(";").map((p) => p.trim());
      const eq = pair.indexOf("=");
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes: attributes.map((a) => a.toLowerCase()) };
    });
}
