/**
 * The address a request came from, for the sign-in and sign-up throttle: the last X-Forwarded-For
 * entry. Without TRUST_PROXY=1 that header is the connection's own address: a client-sent one is
 * removed before Next.js sees the request, and Next.js then sets it from the socket
 * (lib/security/forwarded-headers.ts). With TRUST_PROXY=1 it is the address the proxy in front saw
 * (a proxy appends it, so a client cannot choose the last entry). IPv4-mapped IPv6 is unwrapped.
 */
export function clientAddress(headers: Headers): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const last = entries.at(-1);
  if (!last) return "unknown";
  return last.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1").slice(0, 64);
}
