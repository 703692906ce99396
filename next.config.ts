import type { NextConfig } from "next";
import { parseEnv } from "./lib/env";
import { API_POLICY, STATIC_SECURITY_HEADERS } from "./lib/security/headers";

// Fail fast on a bad environment (build and server start alike).
parseEnv(process.env);

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  poweredByHeader: false,
  // Evaluated at build time, so only environment-independent headers belong here. Pages get their
  // Content-Security-Policy (with a per-request nonce) from proxy.ts: see lib/security/headers.ts.
  async headers() {
    return [
      { source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_POLICY }] },
    ];
  },
};

export default nextConfig;
