"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert } from "@/app/_components/alert";
import { PainChart } from "@/app/_components/charts/pain-chart";
import { RatioChart } from "@/app/_components/charts/ratio-chart";
import { WeeklyLoadChart } from "@/app/_components/charts/weekly-load-chart";
import { apiFetch } from "@/lib/client/api";
import type { PainInsightsJson } from "@/lib/client/checkins";
import { percent, SPIKE_WORDS, type LoadResponse } from "@/lib/client/load";
import { queryKeys } from "@/lib/client/query-keys";
import { mondayOf } from "@/lib/load/weeks";
import { formatDistance, formatDuration, metresToUnit } from "@/lib/units";

const CHANGE_WORDS = { decrease: "less or the same", up_to_10: "up to 10% more", "10_to_30": "10–30% more", over_30: "over 30% more" } as const;

export function LoadCard() {
  const query = useQuery({ queryKey: queryKeys.load({}), queryFn: () => apiFetch<LoadResponse>("/api/v1/load") });
  if (query.isPending)
    return (
      <section className="card">
        <p className="muted" role="status">
          Loading your weeks…
        </p>
      </section>
    );
  if (query.isError)
    return (
      <section className="card">
        <Alert>{query.error.message}</Alert>
        <button type="button" className="button link" onClick={() => void query.refetch()}>
          Try again
        </button>
      </section>
    );
  return <LoadBody data={query.data} />;
}

function LoadBody({ data }: { data: LoadResponse }) {
  // Same default range as the load report (the last 12 weeks), so both charts share their axis.
  const pain = useQuery({ queryKey: queryKeys.painInsights({}), queryFn: () => apiFetch<PainInsightsJson>("/api/v1/checkins/insights") });
  const episodes = pain.data?.episodes ?? [];
  const unit = data.units;
  const runs = data.weeks.reduce((n, w) => n + w.runs, 0);
  const spikeWeeks = new Set(
    data.spikes.filter((s) => s.band === "small" || s.band === "moderate" || s.band === "large").map((s) => mondayOf(s.localDate)),
  );
  const points = data.weeks.map((w, i) => {
    const previous = data.weeks[i - 1];
    return {
      weekStart: w.weekStart,
      distance: metresToUnit(w.runDistanceM, unit),
      tenPercentLine: previous && previous.runDistanceM > 0 ? metresToUnit(previous.runDistanceM * 1.1, unit) : null,
      spikeMark: spikeWeeks.has(w.weekStart) ? "▲" : "",
    };
  });
  const flagged = data.spikes.filter((s) => s.band === "small" || s.band === "moderate" || s.band === "large");
  const ratios = data.daily.map((d) => ({ date: d.date, coupled: d.acwrCoupled, uncoupled: d.acwrUncoupled, ewma: d.acwrEwma }));
  const hasRatios = ratios.some((r) => r.uncoupled !== null);

  return (
    <>
      <section className="card" aria-labelledby="weekly-distance-title">
        <h2 id="weekly-distance-title">Weekly running load</h2>
        <p className="muted">
          Last {data.weeks.length} weeks, Monday to Sunday in {data.timeZone}. The dashed line is 10% above the week before; ▲ marks a week with a run
          more than 10% longer than your longest run of the previous 30 days.
        </p>
        {runs === 0 ? (
          <p className="empty">
            No runs in these weeks yet. <Link href="/upload">Upload a GPX file</Link> or <Link href="/settings">connect Strava</Link> to see your load.
          </p>
        ) : (
          <>
            <WeeklyLoadChart data={points} unit={unit} episodes={episodes} />
            <p className="muted small">
              The dashed line is the guidance document&apos;s 10%-a-week rule of thumb, shown for reference, not as a limit: in a trial of 532 novices
              (Buist 2008) it did not prevent injuries, and a cohort (Nielsen 2014) saw only an uncertain link between weekly jumps over 30% and some
              knee injuries. Single long runs (▲) are the better-supported signal.
            </p>
          </>
        )}
        <h3 id="pain-title">Knee pain</h3>
        {pain.isError ? <Alert>{pain.error.message}</Alert> : null}
        {pain.data && pain.data.daily.length > 0 ? (
          <>
            <PainChart weekStarts={data.weeks.map((w) => w.weekStart)} points={pain.data.daily} episodes={episodes} spikeDates={pain.data.spikeDates} />
            <p className="muted small">
              Highest pain of each day you checked in, on the same weeks as the chart above.
              {episodes.length > 0 ? " Shaded: days of a pain episode (two or more days close together with pain of 3/10 or more)." : ""} ▲: a run more
              than 10% longer than your longest of the previous 30 days.
            </p>
          </>
        ) : pain.data ? (
          <p className="empty">
            No check-ins in these weeks. <Link href="/checkins/new">Check in</Link> after a run, or the next morning, to see your pain beside your load.
          </p>
        ) : null}
        {flagged.length > 0 ? (
          <div className="stack" data-testid="spikes">
            <h3>Runs longer than your recent longest</h3>
            <ul className="spikes">
              {flagged.map((s) => (
                <li key={s.activityId} data-band={s.band}>
                  <Link href={`/activities/${s.activityId}`}>{s.name}</Link> on {s.localDate}: {formatDistance(s.distanceM, unit)},{" "}
                  <strong>{percent(s.spike ?? 0)} longer</strong> than your longest run of the previous 30 days ({formatDistance(s.longestPrev30dM ?? 0, unit)}) —{" "}
                  {SPIKE_WORDS[s.band]}.
                </li>
              ))}
            </ul>
            <p className="muted small">
              In a study of 5,205 runners (Frandsen et al. 2025), single runs more than 10% longer than the longest of the previous 30 days were followed by
              more overuse injuries than runs within 10%; the largest spikes by the most. It describes groups, not you: use it as a prompt to reflect.
            </p>
          </div>
        ) : null}
        <details>
          <summary>Show the numbers</summary>
          <div className="table-scroll">
            <table className="data-table" data-testid="weekly-table">
              <thead>
                <tr>
                  <th scope="col">Week of</th>
                  <th scope="col">Distance ({unit})</th>
                  <th scope="col">Time</th>
                  <th scope="col">Runs</th>
                  <th scope="col">Longest ({unit})</th>
                  <th scope="col">Change</th>
                  <th scope="col">Rest days</th>
                  <th scope="col">Cross-training</th>
                  <th scope="col">Load (AU)</th>
                </tr>
              </thead>
              <tbody>
                {data.weeks.map((w) => (
                  <tr key={w.weekStart} data-change={w.changeBand ?? ""}>
                    <td>{w.weekStart}</td>
                    <td>{metresToUnit(w.runDistanceM, unit).toFixed(2)}</td>
                    <td>{formatDuration(w.runMovingS)}</td>
                    <td>{w.runs}</td>
                    <td>{metresToUnit(w.longestRunM, unit).toFixed(2)}</td>
                    <td>{w.distanceChange === null ? "–" : `${w.distanceChange > 0 ? "+" : ""}${percent(w.distanceChange)} (${CHANGE_WORDS[w.changeBand!]})`}</td>
                    <td>{w.restDays}</td>
                    <td>{Math.round(w.crossTrainingMin)} min</td>
                    <td>{Math.round(w.load)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">
            Load is session RPE × minutes where you rated the effort, heart-rate TRIMP where Patella knows your resting and maximum heart rate, otherwise
            minutes.
          </p>
        </details>
      </section>
      <section className="card" aria-labelledby="ratios-title">
        <h2 id="ratios-title">This week against your last month</h2>
        {hasRatios ? <RatioChart data={ratios} episodes={episodes} /> : <p className="muted">Appears after 28 days of training data.</p>}
        <p className="muted small">
          Acute:chronic ratios compare your last 7 days with the three weeks before them (uncoupled) or with an exponentially weighted 28-day
          average (EWMA). They are shown as plain trend lines on purpose: in runners, higher ratios went
          with <em>fewer</em> injuries (Nakaoka 2021, Frandsen 2025), and critics showed the ratio adds little beyond the acute load itself (Impellizzeri
          2020–2021). Read them as &ldquo;more or less than usual&rdquo;, nothing more.
        </p>
      </section>
    </>
  );
}
