import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withBrowserOrigin } from "@/lib/auth/request-origin";
import { clientAddress } from "@/lib/security/client-address";
import { filterForwardedHeaders, HSTS_VALUE, installForwardedHeaderFilter, type ProxyPolicy } from "@/lib/security/forwarded-headers";

/**
 * X-Forwarded-* are trusted only with TRUST_PROXY=1, at the socket (a real Node HTTP server with the
 * filter installed, as instrumentation.ts installs it in front of Next.js), and HSTS is sent only
 * over https.
 */

let policy: ProxyPolicy = { trustProxy: false, authUrl: undefined };
let server: http.Server;
let base = "";
let uninstall = () => {};

beforeAll(async () => {
  uninstall = installForwardedHeaderFilter(() => policy);
  server = http.createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(req.headers));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  uninstall();
});

const SPOOFED = {
  "x-forwarded-for": "6.6.6.6",
  "x-forwarded-host": "evil.example",
  "x-forwarded-proto": "https",
  "x-forwarded-port": "443",
  "x-real-ip": "6.6.6.6",
  forwarded: "for=6.6.6.6;host=evil.example;proto=https",
};

async function get(headers: Record<string, string>) {
  const res = await fetch(`${base}/`, { headers });
  return { seen: (await res.json()) as Record<string, string>, hsts: res.headers.get("strict-transport-security") };
}

describe("proxy headers and HSTS", () => {
  it("without TRUST_PROXY: a client's X-Forwarded-* never reach the app, and plain http gets no HSTS", async () => {
    policy = { trustProxy: false, authUrl: undefined };
    const { seen, hsts } = await get(SPOOFED);
    for (const name of Object.keys(SPOOFED)) expect(seen[name], name).toBeUndefined();
    expect(seen.host).toBe(new URL(base).host);
    expect(hsts).toBeNull();
  });

  it("with TRUST_PROXY=1: the proxy's headers are kept, and its X-Forwarded-Proto: https brings HSTS", async () => {
    policy = { trustProxy: true, authUrl: undefined };
    const { seen, hsts } = await get({ "x-forwarded-for": "203.0.113.9", "x-forwarded-host": "patella.example.org", "x-forwarded-proto": "https" });
    expect(seen["x-forwarded-for"]).toBe("203.0.113.9");
    expect(seen["x-forwarded-host"]).toBe("patella.example.org");
    expect(hsts).toBe(HSTS_VALUE);
    expect((await get({ "x-forwarded-proto": "http" })).hsts).toBeNull();
  });

  it("an https AUTH_URL means https (a TLS-terminating proxy in front), so HSTS is sent; a client's X-Forwarded-Proto alone does not", async () => {
    policy = { trustProxy: false, authUrl: "https://patella.example.org" };
    expect((await get({})).hsts).toBe(HSTS_VALUE);
    policy = { trustProxy: false, authUrl: "http://localhost:3000" };
    expect((await get({ "x-forwarded-proto": "https" })).hsts).toBeNull();
  });

  it("filterForwardedHeaders leaves other headers alone", () => {
    const headers: http.IncomingHttpHeaders = { host: "localhost:3000", cookie: "a=b", ...SPOOFED };
    filterForwardedHeaders(headers, { trustProxy: false, authUrl: undefined });
    expect(headers).toEqual({ host: "localhost:3000", cookie: "a=b" });
  });

  it("clientAddress: the last X-Forwarded-For entry (what the nearest proxy, or Next.js from the socket, wrote)", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddress(new Headers({ "x-forwarded-for": "::ffff:127.0.0.1" }))).toBe("127.0.0.1");
    expect(clientAddress(new Headers({ "x-forwarded-for": "2001:db8::1" }))).toBe("2001:db8::1");
    expect(clientAddress(new Headers())).toBe("unknown");
  });

  it("withBrowserOrigin: X-Forwarded-Host / -Proto only with TRUST_PROXY=1; the Host header otherwise", () => {
    const req = () => new Request("http://localhost:3000/api/auth/signin/strava", { headers: { host: "127.0.0.1:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" } });
    const saved = process.env.TRUST_PROXY;
    try {
      delete process.env.TRUST_PROXY;
      expect(withBrowserOrigin(req()).url).toBe("http://127.0.0.1:3000/api/auth/signin/strava");
      process.env.TRUST_PROXY = "1";
      expect(withBrowserOrigin(req()).url).toBe("https://evil.example/api/auth/signin/strava");
    } finally {
      if (saved === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = saved;
    }
  });
});
