import { NextRequest } from "next/server";
import { unstable_doesMiddlewareMatch, unstable_getResponseFromNextConfig } from "next/experimental/testing/server";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { config as proxyConfig, proxy } from "@/proxy";
import { parseEnv } from "@/lib/env";
import { API_POLICY, newNonce, pagePolicy, pagePolicyFromEnv, STATIC_SECURITY_HEADERS } from "@/lib/security/headers";

/** A policy as a map of directive → values, so tests read one directive at a time. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

const NONCE = "bm9uY2Utbm9uY2Utbm9uY2U=";
const production = { nonce: NONCE, dev: false, https: false, formActionOrigins: [] };

describe("the pages' Content-Security-Policy", () => {
  it("allows only Patella's own resources, and scripts only with this response's nonce", () => {
    const d = directives(pagePolicy(production));
    expect(d.get("default-src")).toEqual(["'self'"]);
    expect(d.get("script-src")).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"]);
    expect(d.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(d.get("font-src")).toEqual(["'self'"]);
    expect(d.get("connect-src")).toEqual(["'self'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'self'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.has("upgrade-insecure-requests")).toBe(false);
  });

  it("never allows inline scripts wholesale, nor eval outside development", () => {
    expect(directives(pagePolicy(production)).get("script-src")).not.toContain("'unsafe-inline'");
    expect(directives(pagePolicy(production)).get("script-src")).not.toContain("'unsafe-eval'");
    expect(directives(pagePolicy({ ...production, dev: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("upgrades insecure requests only when served over https", () => {
    expect(directives(pagePolicy({ ...production, https: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("from the environment: Strava's origin in form-action when Strava sign-in is configured, upgrade when AUTH_URL is https", () => {
    const strava = { STRAVA_CLIENT_ID: "1", STRAVA_CLIENT_SECRET: "s" };
    const policy = (env: Record<string, string>, nodeEnv = "production") => directives(pagePolicyFromEnv(NONCE, parseEnv(env), nodeEnv));

    expect(policy({}).get("form-action")).toEqual(["'self'"]);
    expect(policy(strava).get("form-action")).toEqual(["'self'", "https://www.strava.com"]);
    expect(policy({ ...strava, STRAVA_BASE_URL: "http://127.0.0.1:4110/some/path/" }).get("form-action")).toEqual(["'self'", "http://127.0.0.1:4110"]);
    expect(policy({ STRAVA_CLIENT_ID: "1" }).get("form-action")).toEqual(["'self'"]); // half configured: no Strava sign-in

    expect(policy({ AUTH_URL: "https://patella.example.org" }).has("upgrade-insecure-requests")).toBe(true);
    expect(policy({ AUTH_URL: "http://192.168.1.20:3000" }).has("upgrade-insecure-requests")).toBe(false);
    expect(policy({}).has("upgrade-insecure-requests")).toBe(false);

    expect(policy({}, "development").get("script-src")).toContain("'unsafe-eval'");
    expect(policy({}, "test").get("script-src")).not.toContain("'unsafe-eval'");
  });

  it("uses a fresh, unguessable nonce for each response", () => {
    const nonces = new Set(Array.from({ length: 200 }, newNonce));
    expect(nonces.size).toBe(200);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/); // 16 random bytes
  });
});

describe("proxy.ts", () => {
  it("sets the policy with a new nonce on the response, and on the request for Next.js to put on its scripts", () => {
    const first = proxy(new NextRequest("http://localhost:3000/dashboard"));
    const second = proxy(new NextRequest("http://localhost:3000/dashboard"));
    const policy = first.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    // NextResponse.next({ request: { headers } }) hands the request headers on as x-middleware-request-*.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(first.headers.get("x-middleware-override-headers")?.split(",")).toEqual(expect.arrayContaining(["content-security-policy", "x-nonce"]));
  });

  it("runs on pages, their navigations and server actions, not on API routes, static files or prefetches", () => {
    const runsOn = (url: string, headers: Record<string, string> = {}) => unstable_doesMiddlewareMatch({ config: proxyConfig, url, headers });
    for (const page of ["/", "/sign-in", "/dashboard", "/activities/0d8f6a4e-1c1b-4a8e-9f7c-2f1a0c9b8e7d", "/checkins/new", "/no-such-page"]) {
      expect(runsOn(page), page).toBe(true);
    }
    expect(runsOn("/dashboard", { rsc: "1" })).toBe(true);
    expect(runsOn("/dashboard", { "next-action": "abc" })).toBe(true);
    for (const other of ["/api/v1/checkins", "/api/auth/session", "/_next/static/chunks/main.js", "/_next/image", "/favicon.ico"]) {
      expect(runsOn(other), other).toBe(false);
    }
    expect(runsOn("/dashboard", { "next-router-prefetch": "1" })).toBe(false);
  });
});

describe("next.config.ts headers", () => {
  const headersOf = async (url: string) => (await unstable_getResponseFromNextConfig({ url, nextConfig })).headers;

  it("sends the static security headers with every response", async () => {
    for (const url of ["http://localhost:3000/dashboard", "http://localhost:3000/api/v1/checkins", "http://localhost:3000/_next/static/x.js"]) {
      const headers = await headersOf(url);
      for (const { key, value } of STATIC_SECURITY_HEADERS) expect(headers.get(key), `${key} on ${url}`).toBe(value);
    }
    const headers = await headersOf("http://localhost:3000/");
    expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("permissions-policy")).toBe("camera=(), microphone=(), geolocation=()");
    expect(headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(headers.get("x-frame-options")).toBe("DENY");
  });

  it("gives API answers a policy that loads and runs nothing, and leaves the pages' policy to proxy.ts (never two at once)", async () => {
    expect((await headersOf("http://localhost:3000/api/v1/settings")).get("content-security-policy")).toBe(API_POLICY);
    expect(directives(API_POLICY).get("default-src")).toEqual(["'none'"]);
    expect(directives(API_POLICY).get("frame-ancestors")).toEqual(["'none'"]);
    expect((await headersOf("http://localhost:3000/dashboard")).get("content-security-policy")).toBeNull();
  });

  it("does not widen Next.js's own origin check on server actions (the layout's sign-out)", () => {
    expect(nextConfig.experimental?.serverActions?.allowedOrigins).toBeUndefined();
  });
});
