import type { NextRequest } from "next/server";
import { withContentSecurityPolicy } from "@/lib/security/csp-proxy";

/**
 * Next.js 16's proxy (formerly middleware): gives every page a Content-Security-Policy with a
 * per-request nonce. The logic lives in lib/security (covered by the build's staleness check and
 * by tests); the matcher must stay here, where Next.js reads it at build time.
 */
export function proxy(request: NextRequest) {
  return withContentSecurityPolicy(request);
}

export const config = {
  matcher: [
    {
      // Not API routes (they get a fixed, stricter policy from next.config.ts), nor static files.
      source: "/((?!api|_next/static|_next/image|favicon.ico).*)",
      // Prefetches fetch RSC payloads, not documents: no policy needed, and no per-request work.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
