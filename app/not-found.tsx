import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";

export const metadata: Metadata = { title: "Page not found" };

/**
 * The 404 page. Rendered per request like every other page, so that its scripts carry the
 * Content-Security-Policy nonce (proxy.ts): Next.js's built-in 404 is prerendered at build time,
 * without a nonce, and the browser would refuse its scripts.
 */
export default async function NotFound() {
  await connection();
  return (
    <main className="auth-shell">
      <div className="auth-card">
        <h1>Page not found</h1>
        <p>There is no page at this address. It may have been deleted, or the link may be mistyped.</p>
        <p>
          <Link href="/">Go to Patella</Link>
        </p>
      </div>
    </main>
  );
}
