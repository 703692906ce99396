import Link from "next/link";
import { EMERGENCY_RED_FLAGS, GUIDANCE_DISCLAIMER, listInWords, SOON_RED_FLAGS, URGENT_RED_FLAGS } from "@/lib/guidance/red-flags";

/**
 * The general list of warning signs (the one list, lib/checkins/warning-signs.ts), in a neutral card:
 * red belongs to the runner's own open sign (RedFlagBanner). Fixed text, shown without waiting for
 * any data.
 */
export function WarningSigns() {
  return (
    <section id="warning-signs" className="card warning-list" aria-labelledby="warning-title" data-testid="warning-signs">
      <h2 id="warning-title">When to see a healthcare professional</h2>
      <p>
        <strong>Now — urgent care or your local emergency number</strong> if {listInWords(EMERGENCY_RED_FLAGS)}.
      </p>
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

/** The dashboard's one neutral line in place of the list. */
export function SeeAProfessionalLink() {
  return (
    <p className="see-professional small" data-testid="see-a-professional">
      <Link href="/guidance#warning-signs">When to see a professional</Link>
    </p>
  );
}
