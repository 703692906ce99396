import Link from "next/link";
import { SpikeBadge } from "@/app/_components/spike-badge";
import type { Units } from "@/db/schema";
import type { LoadMethod } from "@/lib/load/types";
import type { ThisRun } from "@/lib/today/for-runner";
import { dayLabel, km1 } from "@/lib/today/words";

const METHOD_WORDS: Record<LoadMethod, string> = {
  srpe: "session RPE × moving minutes",
  trimp: "heart-rate TRIMP",
  duration: "moving minutes (no RPE or heart rate)",
};

const TIMING_WORDS = { during: "during", after: "after", next_morning: "next morning", at_rest: "at rest" } as const;

/** The activity page's header strip: this run against its 30-day longest, its load, and its check-ins. */
export function ThisRunStrip({ thisRun, units, isRun, distanceM }: { thisRun: ThisRun; units: Units; isRun: boolean; distanceM: number }) {
  const { spike, session, checkins } = thisRun;
  return (
    <section className="card this-run" aria-labelledby="this-run-title" data-testid="this-run">
      <h2 id="this-run-title">This run</h2>
      {isRun && spike ? (
        <span data-testid="this-run-spike">
          <SpikeBadge spike={spike} />{" "}
          {spike.longestPrev30dM === null ? (
            <span className="muted">{km1(distanceM, units)}; no run in the 30 days before it</span>
          ) : (
            <span>
              {km1(distanceM, units)} against {km1(spike.longestPrev30dM, units)}, the longest run of the previous 30 days
            </span>
          )}
        </span>
      ) : null}
      {session ? (
        <span>
          Load {Math.round(session.load)} AU <span className="muted">({METHOD_WORDS[session.method]})</span>
        </span>
      ) : null}
      <span>
        {checkins.length === 0 ? (
          <span className="muted">No check-in for this run yet.</span>
        ) : (
          <>
            Check-ins:{" "}
            {checkins.map((c, i) => (
              <span key={c.id}>
                {i > 0 ? ", " : ""}
                <Link href={`/checkins/${c.id}/edit`}>
                  pain {c.pain}/10 {TIMING_WORDS[c.timing]}, {dayLabel(c.localDate)}
                </Link>
              </span>
            ))}
          </>
        )}
      </span>
    </section>
  );
}
