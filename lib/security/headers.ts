import { env, stravaConfigured, type Env } from "../env";

/**
 * Patella's security headers. Two kinds:
 *
 * - Static headers, the same for every response, set in next.config.ts (`headers()` is evaluated
 *   at build time and baked into the build, so nothing here may depend on the environment).
 * - The pages' Content-Security-Policy, built per request by proxy.ts (lib/security/csp-proxy.ts):
 *   it carries a fresh nonce, and it depends on the runtime environment (AUTH_URL, STRAVA_BASE_URL),
 *   which a self-hosted image built once must be able to change without a rebuild.
 *
 * Why nonces rather than `script-src 'unsafe-inline'`: the App Router bootstraps with inline
 * scripts (`self.__next_f.push(…)`), so a static policy has to allow every inline script, which
 * leaves CSP useless against injected markup. With a nonce only the scripts Next.js itself rendered
 * for this response run. The usual price, that every page must be rendered per request (no static
 * pages, no ISR), costs Patella nothing: every page already is dynamic (they read the session or
 * the search parameters). app/not-found.tsx opts the 404 page in too; the only output left static
 * is Next.js's global-error page (shown when the root layout itself fails), which still displays,
 * without its client scripts.
 */

export interface PagePolicyOptions {
  /** The per-response nonce (base64). */
  nonce: string;
  /** `next dev`: React and the dev overlay use eval (never in production). */
  dev: boolean;
  /** Served over https (AUTH_URL is https): have browsers upgrade any http subresource. */
  https: boolean;
  /**
   * Origins a form submission may lead to besides Patella's own. Chrome applies `form-action` to
   * every redirect that follows a form submission, and Strava sign-in is a POST to
   * /api/auth/signin/strava answered with a redirect to Strava's consent page (STRAVA_BASE_URL).
   * Patella's button sends that POST with fetch() and then navigates, which form-action does not
   * govern; a plain form doing the same (Auth.js's own pages, a no-JS fallback) must not break.
   */
  formActionOrigins: readonly string[];
}

/** The policy for HTML pages (and the RSC payloads of navigations). */
export function pagePolicy({ nonce, dev, https, formActionOrigins }: PagePolicyOptions): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // 'strict-dynamic': scripts that a nonced script loads (Next.js's chunks) are trusted too;
    // 'self' is the fallback for browsers without CSP level 3, which ignore 'strict-dynamic'.
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // Inline style *attributes* (recharts, React `style` props rendered on the server) cannot carry
    // a nonce, and a nonce in style-src would disable 'unsafe-inline'. Styles cannot run code.
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'", ...formActionOrigins],
    ["frame-ancestors", "'none'"],
  ];
  if (https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

/**
 * The policy for API responses (JSON, downloads, Auth.js's redirects): nothing in them may load
 * or run anything, should a browser ever render one as a document.
 */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Headers every response carries (next.config.ts). */
export const STATIC_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  // frame-ancestors 'none' (in both policies) for current browsers; this for older ones.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  // No other window (a page Patella links to, or one that opened Patella) gets a handle on ours.
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** The page policy for this server: its environment (validated by lib/env.ts) and NODE_ENV. */
export function pagePolicyFromEnv(nonce: string, e: Env = env(), nodeEnv: string | undefined = process.env.NODE_ENV): string {
  return pagePolicy({
    nonce,
    dev: nodeEnv === "development",
    https: e.AUTH_URL ? new URL(e.AUTH_URL).protocol === "https:" : false,
    formActionOrigins: stravaConfigured(e) ? [new URL(e.STRAVA_BASE_URL).origin] : [],
  });
}
