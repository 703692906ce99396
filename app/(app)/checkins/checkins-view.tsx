"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { PainChart, PainNumbers } from "@/app/_components/charts/pain-chart";
import { LoadError, Loading } from "@/app/_components/query-states";
import { weekStartsBetween } from "@/lib/load/weeks";
import { LOCATION_LABELS, SIDE_LABELS, TIMING_LABELS } from "@/lib/checkins/labels";
import { StatusLabel } from "@/app/_components/status-label";
import { BOOK_AN_APPOINTMENT } from "@/lib/checkins/escalation";
import { dayMonth, episodeHeadline } from "@/lib/checkins/episode-words";
import { wordsOf } from "@/lib/checkins/red-flags";
import { PAIN_HELD_BY_ESCALATION } from "@/lib/guidance/escalation";
import type { PatternComparison } from "@/lib/checkins/types";
import { apiFetch } from "@/lib/client/api";
import type { CheckinListResponse, PainInsightsJson } from "@/lib/client/checkins";
import { queryKeys } from "@/lib/client/query-keys";
import { formatDistance } from "@/lib/units";

const PAGE = 20;

const FACTOR_WORDS: Record<PatternComparison["factor"], string> = {
  spike: "Spikes",
  long_run: "Long runs",
  surface: "Surface",
  shoes: "Shoes",
};

/** Pain over the last 12 weeks, what Patella reads from it, and every check-in. */
export function CheckinsView({ units, savedId }: { units: "km" | "mi"; savedId: string | null }) {
  const insights = useQuery({ queryKey: queryKeys.painInsights({}), queryFn: () => apiFetch<PainInsightsJson>("/api/v1/checkins/insights") });
  return (
    <>
      {insights.isPending ? (
        <section className="card" aria-labelledby="pain-chart-title" aria-busy="true">
          <h2 id="pain-chart-title">Knee pain, last 12 weeks</h2>
          <Loading label="Loading your check-ins…" chart />
        </section>
      ) : insights.isError ? (
        <section className="card" aria-labelledby="pain-chart-title">
          <h2 id="pain-chart-title">Knee pain, last 12 weeks</h2>
          <LoadError error={insights.error} onRetry={() => void insights.refetch()} retrying={insights.isFetching} />
        </section>
      ) : (
        <Insights data={insights.data} units={units} />
      )}
      <History savedId={savedId} />
    </>
  );
}

const TREND_WORDS = { improving: "improving", unchanged: "not clearly changed", worse: "worse" } as const;

function Insights({ data, units }: { data: PainInsightsJson; units: "km" | "mi" }) {
  const model = data.painModel;
  const rtr = data.returnToRun;
  const held = data.openRedFlags.length > 0;
  const escalation = data.escalations[0] ?? null;
  // The one "last 7 days" of the model card, the episode card and the guidance.
  const week = `${dayMonth(data.lastSevenDays.from, data.today)} – ${dayMonth(data.lastSevenDays.to, data.today)}`;
  return (
    <>
      <section className="card" aria-labelledby="pain-chart-title">
        <h2 id="pain-chart-title">Knee pain, last 12 weeks</h2>
        {data.daily.length === 0 ? (
          <p className="empty">
            No check-ins in these weeks yet. <Link href="/checkins/new">Check in</Link> after a run, or the next morning: it takes a few taps.
          </p>
        ) : (
          <>
            <PainChart weekStarts={weekStartsBetween(data.from, data.to)} points={data.daily} episodes={data.episodes} spikeDates={data.spikeDates} />
            <PainNumbers points={data.daily} />
          </>
        )}
      </section>

      <section className="card" aria-labelledby="model-title" data-testid="pain-model" data-status={held ? "held" : model.status}>
        <h2 id="model-title">The pain-monitoring model, last 7 days</h2>
        <p className="muted small">{week}</p>
        {held ? (
          // The safety gate: no "reduce" or "continue" while a warning sign is open.
          <p>
            <StatusLabel status="held" /> The banner above comes first: Patella does not read your pain against the model until you mark the
            warning sign as seen.
          </p>
        ) : escalation ? (
          <>
            <p>
              <strong>{escalation.reason}</strong> {BOOK_AN_APPOINTMENT}
            </p>
            <p className="small">{PAIN_HELD_BY_ESCALATION}</p>
          </>
        ) : model.status === "not_enough_data" ? (
          <p className="muted">No check-ins in the last 7 days.</p>
        ) : model.status === "ok" ? (
          <p>
            Nothing breaks the model: pain with running and at rest at most 5/10, settled by the next morning, not rising from week to week
            (highest {model.highestPain}/10 in {model.checkins} check-ins).
          </p>
        ) : (
          <>
            <p>
              <strong>{model.status === "reduce_load" ? "Reduce your running for now." : "Keep an eye on it."}</strong>{" "}
              {model.status === "reduce_load"
                ? "Run shorter, easier or less often until pain with running stays at 5/10 or less and has settled by the next morning."
                : "If your pain rises again next week, reduce your running."}
            </p>
            <ul>
              {model.breaks.map((b) => (
                <li key={`${b.kind}-${b.checkinId}`}>{b.reason}</li>
              ))}
            </ul>
          </>
        )}
        <p className="muted small">
          The model comes from one trial of 38 people with Achilles tendon pain (Silbernagel et al. 2007), in which both groups did the same
          tendon-loading exercise programme: those who kept running within these limits did as well as those who rested for six weeks. Using it
          for knees is an extrapolation, so its evidence for knees is low. A week without check-ins is skipped: the last 7 days are compared with
          the latest earlier week that has them. Pain that worries you, or that keeps rising: see a physiotherapist or doctor.
        </p>
      </section>

      {rtr ? (
        <section className="card" aria-labelledby="rtr-title" data-testid="return-to-run">
          <h2 id="rtr-title">{rtr.episode.ongoing ? "Your current pain episode" : "Your last pain episode"}</h2>
          <p data-testid="episode-headline">
            <strong>{episodeHeadline(rtr, data.today)}</strong>
          </p>
          <dl className="facts">
            <div>
              <dt>Began</dt>
              <dd>
                {dayMonth(rtr.episode.start, data.today)} (day {rtr.daysSinceStart})
              </dd>
            </div>
            <div>
              <dt>Highest pain in the episode</dt>
              <dd>{rtr.episode.peakPain}/10</dd>
            </div>
            <div>
              <dt>Median pain, first week → last 7 days ({week})</dt>
              <dd>
                {rtr.firstWeekMedian ?? "–"} → {rtr.lastWeekMedian ?? "–"}
                {rtr.trend ? ` (${TREND_WORDS[rtr.trend]})` : ""}
              </dd>
            </div>
            <div>
              <dt>Running since it began</dt>
              <dd>
                {rtr.runsSince} runs, {formatDistance(rtr.distanceSinceM, units)}
              </dd>
            </div>
          </dl>
          <p className="muted small">
            A fall of about 2 points, or of about 30%, is a change that matters (Farrar et al. 2001); Patella calls it improving only when your
            latest check-in is below the first week too. Pain that has not improved after about two weeks of running less is worth showing to a
            healthcare professional.
          </p>
        </section>
      ) : null}

      <section className="card" aria-labelledby="patterns-title" data-testid="patterns">
        <h2 id="patterns-title">Does your pain follow something?</h2>
        <p className="muted small">
          Median next-morning pain after runs of each kind, in these 12 weeks. A difference is a pattern to reflect on, not a cause: many things
          change together. Patella needs at least 5 runs on each side before it compares.
        </p>
        {data.patterns.length === 0 ? null : (
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="patterns-title">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">What</th>
                  <th scope="col">Runs with it</th>
                  <th scope="col">Runs without</th>
                  <th scope="col">Difference</th>
                </tr>
              </thead>
              <tbody>
                {data.patterns.map((p) => (
                  <tr key={`${p.factor}-${p.with.label}`} data-factor={p.factor}>
                    <th scope="row">
                      {FACTOR_WORDS[p.factor]}: {p.with.label}
                    </th>
                    <td>
                      {p.with.median ?? "–"}
                      {p.with.median !== null ? "/10" : ""} (n = {p.with.n})
                    </td>
                    <td>
                      {p.without.median ?? "–"}
                      {p.without.median !== null ? "/10" : ""} (n = {p.without.n})
                    </td>
                    <td>{p.enoughData && p.difference !== null ? `${p.difference > 0 ? "+" : ""}${p.difference}` : "Not enough data"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function History({ savedId }: { savedId: string | null }) {
  const [offset, setOffset] = useState(0);
  const list = useQuery({
    queryKey: queryKeys.checkins({ limit: PAGE, offset }),
    queryFn: () => apiFetch<CheckinListResponse>(`/api/v1/checkins?limit=${PAGE}&offset=${offset}`),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="card" aria-labelledby="history-title" aria-busy={list.isPending || list.isPlaceholderData}>
      <h2 id="history-title">Every check-in</h2>
      {list.isPending ? <Loading label="Loading your check-ins…" /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} /> : null}
      {list.data && list.data.total === 0 ? (
        <p className="empty">
          No check-ins yet. <Link href="/checkins/new">Check in</Link> after a run or the next morning: how much your knee hurt, when, and where.
        </p>
      ) : null}
      {list.data && list.data.items.length > 0 ? (
        <ul className="checkin-list" data-testid="checkin-list">
          {list.data.items.map((c) => (
            <li key={c.id} data-id={c.id} className={c.id === savedId ? "just-saved" : undefined}>
              <div>
                <strong>{c.pain}/10</strong> {TIMING_LABELS[c.timing].toLowerCase()} ·{" "}
                <time dateTime={c.at}>
                  {c.localDateTime.replace("T", " ")} <span className="muted small">({c.timeZone})</span>
                </time>
              </div>
              <div className="muted small">
                {[c.side ? `${SIDE_LABELS[c.side]} knee` : null, c.locations.map((l) => LOCATION_LABELS[l]).join(", ") || null, c.activity ? `run: ${c.activity.name}` : null, c.rpe !== null ? `effort ${c.rpe}/10` : null]
                  .filter(Boolean)
                  .join(" · ")}
              </div>
              {c.redFlags.length > 0 ? (
                <div className="small error">
                  Warning signs: {wordsOf(c.redFlags)}
                  {c.redFlagsSeenAt ? " (seen by a professional)" : ""}
                </div>
              ) : null}
              {c.notes ? <div className="small">{c.notes}</div> : null}
              <Link href={`/checkins/${c.id}/edit`} className="small">
                Edit or delete
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {list.data && list.data.total > PAGE ? (
        <div className="pager">
          <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Newer
          </button>
          <span className="muted small">
            {offset + 1}–{Math.min(offset + PAGE, list.data.total)} of {list.data.total}
          </span>
          <button type="button" className="button" disabled={offset + PAGE >= list.data.total} onClick={() => setOffset(offset + PAGE)}>
            Older
          </button>
        </div>
      ) : null}
    </section>
  );
}
