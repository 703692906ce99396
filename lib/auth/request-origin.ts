import { trustProxy } from "@/lib/env";

/**
 * Auth.js builds OAuth redirect URIs from the request URL. Next.js hands route handlers a URL
 * normalised by NextURL, which rewrites 127.0.0.1 and [::1] to "localhost": a runner who opened
 * http://127.0.0.1:3000 would be sent back to localhost, where their OAuth state cookie does not
 * exist, and Strava sign-in would fail. Hand Auth.js a plain Request whose URL comes from the
 * Host header, as Auth.js does for its own action URLs; X-Forwarded-Host / -Proto only with
 * TRUST_PROXY=1 (a proxy in front sets them; otherwise a client could). AUTH_URL, when set, wins.
 */
export function withBrowserOrigin(req: Request): Request {
  if (process.env.AUTH_URL || process.env.NEXTAUTH_URL) return req;
  const current = new URL(req.url);
  const trusted = trustProxy();
  const forwardedHost = trusted ? req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const host = forwardedHost || req.headers.get("host");
  if (!host || !/^[A-Za-z0-9.\-:[\]]+$/.test(host)) return req;
  const forwardedProto = trusted ? req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() : undefined;
  const proto = (forwardedProto || current.protocol).replace(/:$/, "");
  if (proto !== "http" && proto !== "https") return req;
  const url = new URL(current.pathname + current.search, `${proto}://${host}`);
  if (url.href === current.href) return req;
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers: req.headers,
    body: hasBody ? req.body : undefined,
    // Node requires this for streamed bodies.
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}
