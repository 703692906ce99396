import { NextResponse, type NextRequest } from "next/server";
import { newNonce, pagePolicyFromEnv } from "./headers";

/**
 * What proxy.ts does for every page request: a fresh nonce, and the policy carrying it on both the
 * request (Next.js reads the nonce from the request's Content-Security-Policy header and puts it on
 * every script it renders) and the response (what the browser enforces). `x-nonce` lets a server
 * component hand the nonce to a <Script> of its own, should one ever be needed.
 */
export function withContentSecurityPolicy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const policy = pagePolicyFromEnv(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}
