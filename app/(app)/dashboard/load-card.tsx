"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ChartNumbers } from "@/app/_components/charts/chart-numbers";
import { PainChart, PainNumbers } from "@/app/_components/charts/pain-chart";
import { RatioChart, RATIO_NAMES } from "@/app/_components/charts/ratio-chart";
import { MAX_MARKED_WEEKS, WeeklyLoadChart } from "@/app/_components/charts/weekly-load-chart";
import { LoadError, Loading } from "@/app/_components/query-states";
import { apiFetch } from "@/lib/client/api";
import type { PainInsightsJson } from "@/lib/client/checkins";
import { LOAD_UNIT_WORDS, loadMethodWords, percent, rangeQuery, SPIKE_WORDS, type LoadResponse } from "@/lib/client/load";
import { queryKeys } from "@/lib/client/query-keys";
import { addDays, mondayOf, weekStartsBetween } from "@/lib/load/weeks";
import { formatDistance, formatDuration, metresToUnit } from "@/lib/units";

const CHANGE_WORDS = { decrease: "less or the same", up_to_10: "up to 10% more", "10_to_30": "10–30% more", over_30: "over 30% more" } as const;

/** Spikes listed in full below the chart; older ones wait behind a disclosure. */
const SPIKES_SHOWN = 10;
/** Up to this many days the ratio table has a row a day; longer ranges get a row a week. */
const DAILY_RATIO_ROWS = 120;

type ShownLoad = LoadResponse & { shown: DashboardRange };

export interface DashboardRange {
  /** What the API is asked for (nothing for the default weeks). */
  dates: { from?: string };
  /** "All" reached further back than ten years and was cut there. */
  clipped: boolean;
  isAll: boolean;
}

/** The weekly load, knee pain and ratio cards, for the dashboard's chart range. */
export function LoadCard({ range }: { range: DashboardRange }) {
  const query = useQuery({
    queryKey: queryKeys.load(range.dates),
    // The range travels with its data, so words about the weeks shown stay true while the next range loads.
    queryFn: async (): Promise<ShownLoad> => ({ ...(await apiFetch<LoadResponse>(`/api/v1/load${rangeQuery(range.dates)}`)), shown: range }),
    placeholderData: keepPreviousData,
  });
  if (query.isPending)
    return (
      <section className="card" aria-labelledby="weekly-distance-title" aria-busy="true">
        <h2 id="weekly-distance-title">Weekly running load</h2>
        <Loading label="Loading your weeks…" chart />
      </section>
    );
  if (query.isError && !query.data)
    return (
      <section className="card" aria-labelledby="weekly-distance-title">
        <h2 id="weekly-distance-title">Weekly running load</h2>
        <LoadError error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      </section>
    );
  return (
    <LoadBody data={query.data} range={range} updating={query.isPlaceholderData} error={query.isError ? query.error : null} onRetry={() => void query.refetch()} />
  );
}

function rangeWords(data: ShownLoad): string {
  const weeks = data.weeks.length;
  const range = data.shown;
  if (range.clipped) return `The last ${weeks} weeks (about ten years, the longest range Patella draws at once)`;
  if (range.isAll) return `All ${weeks} weeks since your first activity`;
  return `Last ${weeks} weeks`;
}

function LoadBody({
  data,
  range,
  updating,
  error,
  onRetry,
}: {
  data: ShownLoad;
  /** The range asked for (the data may still be the previous range's, while it loads). */
  range: DashboardRange;
  updating: boolean;
  error: Error | null;
  onRetry: () => void;
}) {
  // Fetched beside the load report for the same range; the pain chart draws its own weeks, which are the report's once both arrive.
  const pain = useQuery({
    queryKey: queryKeys.painInsights(range.dates),
    queryFn: () => apiFetch<PainInsightsJson>(`/api/v1/checkins/insights${rangeQuery(range.dates)}`),
    placeholderData: keepPreviousData,
  });
  const episodes = pain.data?.episodes ?? [];
  const unit = data.units;
  const weekStarts = data.weeks.map((w) => w.weekStart);
  const runs = data.weeks.reduce((n, w) => n + w.runs, 0);
  const flagged = data.spikes.filter((s) => s.band === "small" || s.band === "moderate" || s.band === "large");
  const spikeWeeks = new Set(flagged.map((s) => mondayOf(s.localDate)));
  const points = data.weeks.map((w, i) => {
    const previous = data.weeks[i - 1];
    return {
      weekStart: w.weekStart,
      distance: metresToUnit(w.runDistanceM, unit),
      tenPercentLine: previous && previous.runDistanceM > 0 ? metresToUnit(previous.runDistanceM * 1.1, unit) : null,
      spikeMark: spikeWeeks.has(w.weekStart) ? "▲" : "",
    };
  });
  const marked = data.weeks.length <= MAX_MARKED_WEEKS;
  const ratios = data.daily.map((d) => ({ date: d.date, coupled: d.acwrCoupled, uncoupled: d.acwrUncoupled, ewma: d.acwrEwma }));
  const hasRatios = ratios.some((r) => r.uncoupled !== null);
  // Long ranges: the ratio on the last day of each week (a Sunday, or today).
  const ratioRows = ratios.length <= DAILY_RATIO_ROWS ? ratios : ratios.filter((r, i) => i === ratios.length - 1 || addDays(mondayOf(r.date), 6) === r.date);
  const recentSpikes = flagged.slice(-SPIKES_SHOWN).reverse();
  const olderSpikes = flagged.slice(0, -SPIKES_SHOWN).reverse();
  const hasOlderData = data.dataStart !== null && data.dataStart < data.from;

  return (
    <>
      <section className="card" aria-labelledby="weekly-distance-title" aria-busy={updating} data-testid="weekly-card">
        <h2 id="weekly-distance-title">Weekly running load</h2>
        <p className="muted">
          {rangeWords(data)}, Monday to Sunday in {data.timeZone}.
          {runs > 0 && marked
            ? " The dashed line is 10% above the week before; ▲ marks a week with a run more than 10% longer than your longest run of the previous 30 days."
            : ""}
          {updating ? <span role="status"> Updating…</span> : null}
        </p>
        {error ? <LoadError error={error} onRetry={onRetry} /> : null}
        {runs === 0 ? (
          <p className="empty">
            No runs in these weeks yet.{" "}
            {hasOlderData ? (
              <>
                Your earlier runs show with <Link href="/dashboard?range=all">all your weeks</Link>, or{" "}
              </>
            ) : null}
            <Link href="/upload">{hasOlderData ? "upload" : "Upload"} a GPX, TCX or FIT file</Link> or <Link href="/settings">connect Strava</Link> to see your
            load.
          </p>
        ) : (
          <>
            <WeeklyLoadChart data={points} unit={unit} episodes={episodes} />
            {marked ? (
              <p className="muted small">
                The dashed line is the guidance document&apos;s 10%-a-week rule of thumb, shown for reference, not as a limit: in a trial of 532 novices
                (Buist 2008) it did not prevent injuries, and a cohort (Nielsen 2014) saw only an uncertain link between weekly jumps over 30% and some
                knee injuries. Single long runs (▲) are the better-supported signal.
              </p>
            ) : (
              <p className="muted small">Over this many weeks the chart leaves out the 10% line and the ▲ marks; the runs with a spike are listed below.</p>
            )}
          </>
        )}
        {flagged.length > 0 ? (
          <div className="stack" data-testid="spikes">
            <h3>Runs longer than your recent longest</h3>
            <SpikeList spikes={recentSpikes} unit={unit} />
            {olderSpikes.length > 0 ? (
              <details>
                <summary>
                  {olderSpikes.length} earlier {olderSpikes.length === 1 ? "run" : "runs"} with a spike
                </summary>
                <SpikeList spikes={olderSpikes} unit={unit} />
              </details>
            ) : null}
            <p className="muted small">
              In a study of 5,205 runners (Frandsen et al. 2025), single runs more than 10% longer than the longest of the previous 30 days were followed
              by more overuse injuries than runs within 10%; the largest spikes by the most. It describes groups, not you: use it as a prompt to reflect.
            </p>
          </div>
        ) : null}
        <ChartNumbers
          caption={`Distance, time and load of each week, in ${unit}`}
          testId="weekly-table"
          note={
            <p className="muted small" data-testid="load-method">
              {loadMethodWords(data)}
            </p>
          }
        >
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
                <th scope="row">{w.weekStart}</th>
                <td>{metresToUnit(w.runDistanceM, unit).toFixed(2)}</td>
                <td>{formatDuration(w.runMovingS)}</td>
                <td>{w.runs}</td>
                <td>{metresToUnit(w.longestRunM, unit).toFixed(2)}</td>
                <td>{w.distanceChange === null || w.changeBand === null ? "–" : `${w.distanceChange > 0 ? "+" : ""}${percent(w.distanceChange)} (${CHANGE_WORDS[w.changeBand]})`}</td>
                <td>{w.restDays}</td>
                <td>{Math.round(w.crossTrainingMin)} min</td>
                <td>{Math.round(w.load)}</td>
              </tr>
            ))}
          </tbody>
        </ChartNumbers>
      </section>

      <section className="card" aria-labelledby="pain-title" aria-busy={pain.isPlaceholderData || pain.isPending} data-testid="pain-card">
        <h2 id="pain-title">Knee pain</h2>
        {pain.isPending ? <Loading label="Loading your check-ins…" /> : null}
        {pain.isError ? <LoadError error={pain.error} onRetry={() => void pain.refetch()} retrying={pain.isFetching} /> : null}
        {pain.data && pain.data.daily.length > 0 ? (
          <>
            <PainChart weekStarts={weekStartsBetween(pain.data.from, pain.data.to)} points={pain.data.daily} episodes={episodes} spikeDates={pain.data.spikeDates} />
            <p className="muted small">
              Highest pain of each day you checked in, on the same weeks as the load chart above.
              {episodes.length > 0 ? " Shaded: days of a pain episode (two or more days close together with pain of 3/10 or more)." : ""}
              {marked ? " ▲: a run more than 10% longer than your longest of the previous 30 days." : ""}
            </p>
            <PainNumbers points={pain.data.daily} />
          </>
        ) : pain.data ? (
          <p className="empty">
            No check-ins in these weeks. <Link href="/checkins/new">Check in</Link> after a run, or the next morning, to see your pain beside your load.
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="ratios-title" aria-busy={updating}>
        <h2 id="ratios-title">This week against your last month</h2>
        {hasRatios ? (
          <>
            <RatioChart weekStarts={weekStarts} data={ratios} episodes={episodes} />
            <ChartNumbers caption={ratioRows.length === ratios.length ? "Ratios of each day" : "Ratios on the last day of each week"}>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">{RATIO_NAMES.uncoupled}</th>
                  <th scope="col">{RATIO_NAMES.ewma}</th>
                </tr>
              </thead>
              <tbody>
                {ratioRows.map((r) => (
                  <tr key={r.date}>
                    <th scope="row">{r.date}</th>
                    <td>{r.uncoupled === null ? "–" : r.uncoupled.toFixed(2)}</td>
                    <td>{r.ewma === null ? "–" : r.ewma.toFixed(2)}</td>
                  </tr>
                ))}
              </tbody>
            </ChartNumbers>
          </>
        ) : (
          <p className="empty">Appears after 28 days of training data.</p>
        )}
        <p className="muted small">
          Acute:chronic ratios compare your last 7 days with the three weeks before them (uncoupled) or with an exponentially weighted 28-day
          average (EWMA). They are shown as plain trend lines on purpose: in runners, higher ratios went
          with <em>fewer</em> injuries (Nakaoka 2021, Frandsen 2025), and critics showed the ratio adds little beyond the acute load itself (Impellizzeri
          2020–2021). Read them as &ldquo;more or less than usual&rdquo;, nothing more. Every day&apos;s load here is in one unit,{" "}
          <span data-testid="ratio-unit">{LOAD_UNIT_WORDS[data.loadMethod]}</span>, as in the weekly table.
        </p>
      </section>
    </>
  );
}

function SpikeList({ spikes, unit }: { spikes: LoadResponse["spikes"]; unit: "km" | "mi" }) {
  return (
    <ul className="spikes">
      {spikes.map((s) => (
        <li key={s.activityId} data-band={s.band}>
          <Link href={`/activities/${s.activityId}`}>{s.name}</Link> on {s.localDate}: {formatDistance(s.distanceM, unit)},{" "}
          <strong>{percent(s.spike ?? 0)} longer</strong> than your longest run of the previous 30 days ({formatDistance(s.longestPrev30dM ?? 0, unit)}) —{" "}
          {SPIKE_WORDS[s.band]}.
        </li>
      ))}
    </ul>
  );
}
