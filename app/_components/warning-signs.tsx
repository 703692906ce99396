import Link from "next/link";
import { GUIDANCE_DISCLAIMER, listInWords, SOON_RED_FLAGS, URGENT_RED_FLAGS } from "@/lib/guidance/red-flags";

/**
 * The warning signs that always come first: fixed text, shown without waiting for any data, so
 * they appear even when the rest of the page is still loading or fails.
 */
export function WarningSigns({ compact = false }: { compact?: boolean }) {
  if (compact) {
    return (
      <section className="card redflags" aria-labelledby="warning-title" data-testid="warning-signs">
        <h2 id="warning-title">Warning signs come first</h2>
        <p>
          See a healthcare professional the same day if {listInWords(URGENT_RED_FLAGS.slice(0, 3))}.{" "}
          <Link href="/guidance#warning-signs">All warning signs</Link>
        </p>
        <p className="muted small">{GUIDANCE_DISCLAIMER}</p>
      </section>
    );
  }
  return (
    <section id="warning-signs" className="card redflags" aria-labelledby="warning-title" data-testid="warning-signs">
      <h2 id="warning-title">When to see a healthcare professional</h2>
      <p>
        <strong>The same day</strong> if {listInWords(URGENT_RED_FLAGS)}.
      </p>
      <p>
        <strong>Book an appointment</strong> if {listInWords(SOON_RED_FLAGS)}.
      </p>
      <p className="muted small">{GUIDANCE_DISCLAIMER}</p>
    </section>
  );
}
