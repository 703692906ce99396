import http from "node:http";
import type { TLSSocket } from "node:tls";

/**
 * Proxy headers are trusted only with TRUST_PROXY=1.
 *
 * X-Forwarded-For / -Host / -Proto / -Port (and Forwarded, X-Real-IP) say where a request really
 * came from when a reverse proxy in front of Patella sets them. Without a proxy, any client can send
 * them, and Next.js keeps what the client sent (it only fills them in when absent): the client could
 * choose the address the sign-in throttle counts, and the host Auth.js builds its URLs from. So,
 * unless TRUST_PROXY=1, they are removed from every incoming request before Next.js sees it; Next.js
 * then sets them from the connection itself (the socket's address, the Host header, TLS or not).
 *
 * The same hook adds Strict-Transport-Security to every response served over https: a TLS
 * connection, AUTH_URL https, or (TRUST_PROXY=1) a proxy's X-Forwarded-Proto: https.
 */
export const FORWARDED_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip"] as const;

/** Two years, subdomains included: what hstspreload.org asks for. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

export interface ProxyPolicy {
  trustProxy: boolean;
  authUrl: string | undefined;
}

/** Removes the proxy headers a client sent, unless a trusted proxy set them. */
export function filterForwardedHeaders(headers: http.IncomingHttpHeaders, policy: ProxyPolicy): void {
  if (policy.trustProxy) return;
  for (const name of FORWARDED_HEADERS) delete headers[name];
}

/** Whether the request reached Patella (or its trusted proxy) over https. Call after filterForwardedHeaders. */
export function servedOverHttps(req: http.IncomingMessage, policy: ProxyPolicy): boolean {
  if ((req.socket as TLSSocket | undefined)?.encrypted) return true;
  if (policy.authUrl?.startsWith("https:")) return true;
  const proto = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(",")[0]?.trim().toLowerCase();
  return policy.trustProxy && first === "https";
}

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
const INSTALLED = Symbol.for("patella.forwardedHeaderFilter");

/**
 * Installs the filter on every Node HTTP server of this process (Next.js's included): called once
 * from instrumentation.ts at start. `policy` is read on each request. Returns how to remove it (tests).
 */
export function installForwardedHeaderFilter(policy: () => ProxyPolicy): () => void {
  const proto = http.Server.prototype as unknown as { emit: Emit; [INSTALLED]?: boolean };
  if (proto[INSTALLED]) return () => {};
  const hadOwn = Object.prototype.hasOwnProperty.call(proto, "emit");
  const original = proto.emit;
  proto.emit = function (this: http.Server, event, ...args) {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      const p = policy();
      filterForwardedHeaders(req.headers, p);
      if (servedOverHttps(req, p)) res.setHeader("Strict-Transport-Security", HSTS_VALUE);
    }
    return original.call(this, event, ...args);
  };
  proto[INSTALLED] = true;
  return () => {
    if (hadOwn) proto.emit = original;
    else delete (proto as { emit?: Emit }).emit;
    delete proto[INSTALLED];
  };
}
