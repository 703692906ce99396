import type { Metadata } from "next";
import { RedFlagBanner } from "@/app/_components/red-flag-banner";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { SPORT_LABELS } from "@/app/_components/sport-label";
import { getDb } from "@/db";
import { duplicatesOf, getActivity } from "@/db/queries/activities";
import { getUserSettings } from "@/db/queries/users";
import { currentUserId } from "@/lib/auth/current-user";
import { formatDistance, formatDuration, speedFact } from "@/lib/units";
import { activityIdParams } from "@/lib/validation/activities";
import { ActivityStreams } from "./activity-streams";
import { DeleteButton } from "@/app/_components/delete-button";
import { SameRun } from "./same-run";
import { SurfaceControl } from "./surface-control";
import { EditActivity } from "./edit-activity";
import { SportChange } from "@/app/_components/sport-change";
import { SOURCE_LABELS } from "../source-labels";
import { RUNNING_SPORTS } from "@/db/schema";
import { stravaWebUrl } from "@/lib/env";
import { startedLabel } from "@/lib/activities/zone-label";
import { ThisRunStrip } from "./this-run";
import { thisRunFor } from "@/lib/today/for-runner";

export const metadata: Metadata = { title: "Activity" };

const orDash = (v: number | null, f: (v: number) => string) => (v === null ? "–" : f(v));

export default async function ActivityPage({ params }: { params: Promise<{ id: string }> }) {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in");
  const parsed = activityIdParams.safeParse(await params);
  if (!parsed.success) notFound();
  const db = await getDb();
  const [activity, settings, duplicates] = await Promise.all([
    getActivity(db, { userId, id: parsed.data.id }),
    getUserSettings(db, userId),
    duplicatesOf(db, { userId, id: parsed.data.id }),
  ]);
  if (!activity || !settings) notFound();
  const [countedAs, thisRun] = await Promise.all([
    activity.duplicateOf ? getActivity(db, { userId, id: activity.duplicateOf }) : null,
    thisRunFor(db, userId, settings, activity),
  ]);
  const units = settings.units;
  const isRun = RUNNING_SPORTS.includes(activity.sport);
  const speed = speedFact(activity.sport, activity.movingS, activity.distanceM, units);
  const rows: [string, string][] = [
    // As it was run, in the zone it was recorded in (not the runner's current zone).
    ["Started", startedLabel(activity.startTime, activity.timeZone, new Date())],
    ["Distance", formatDistance(activity.distanceM, units)],
    ["Moving time", formatDuration(activity.movingS)],
    ["Elapsed time", formatDuration(activity.elapsedS)],
    ...(speed ? [speed] : []),
    ["Elevation gain", orDash(activity.elevGainM, (v) => `${Math.round(v)} m`)],
    ["Elevation loss", orDash(activity.elevLossM, (v) => `${Math.round(v)} m`)],
    ["Average heart rate", orDash(activity.avgHr, (v) => `${Math.round(v)} bpm`)],
    ["Max heart rate", orDash(activity.maxHr, (v) => `${Math.round(v)} bpm`)],
    ["Average cadence", orDash(activity.avgCadenceSpm, (v) => `${Math.round(v)} steps/min`)],
    ["Source", SOURCE_LABELS[activity.source]],
  ];
  return (
    <>
      <p>
        <Link href="/activities">← All activities</Link>
      </p>
      <div className="page-head">
        <h1>
          {activity.name}
          {activity.sample ? (
            <span className="badge badge-sample" title="Part of the sample history, not one of your own activities" data-testid="sample-badge">
              Sample
            </span>
          ) : null}
        </h1>
        {isRun ? (
          <Link href={`/checkins/new?activity=${activity.id}`} className="button primary" data-testid="check-in-for-run">
            Check in for this run
          </Link>
        ) : null}
      </div>
      <RedFlagBanner />
      {isRun ? <ThisRunStrip thisRun={thisRun} units={units} isRun distanceM={activity.distanceM} /> : null}
      <SameRun
        activityId={activity.id}
        countedAs={countedAs ? { id: countedAs.id, name: countedAs.name, source: countedAs.source } : null}
        duplicates={duplicates}
      />
      <dl className="facts">
        <div data-testid="activity-sport">
          <dt>Sport</dt>
          <dd>
            <span data-testid="activity-sport-label">{SPORT_LABELS[activity.sport]}</span> <SportChange key={activity.sport} activityId={activity.id} sport={activity.sport} />
          </dd>
        </div>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <EditActivity
        key={`${activity.name}|${activity.sport}|${activity.notes ?? ""}|${activity.rpe ?? ""}`}
        activityId={activity.id}
        name={activity.name}
        sport={activity.sport}
        notes={activity.notes}
        rpe={activity.rpe}
        fromStrava={activity.source === "strava"}
        editedFields={activity.editedFields}
      />
      {isRun ? (
        <SurfaceControl activityId={activity.id} surface={activity.surface} source={activity.surfaceSource} split={activity.surfaceSplit} />
      ) : null}
      {activity.source === "strava" ? (
        <p className="strava-attribution" data-testid="strava-attribution">
          <a href={`${stravaWebUrl()}/activities/${encodeURIComponent(activity.sourceRef)}`} target="_blank" rel="noopener noreferrer" className="view-on-strava">
            View on Strava
          </a>
          <span className="muted"> · Powered by Strava</span>
        </p>
      ) : null}
      <ActivityStreams activityId={activity.id} units={units} name={activity.name} />
      <div className="card-gap" />
      <DeleteButton url={`/api/v1/activities/${activity.id}`} confirmText={`Delete “${activity.name}”? This cannot be undone.`} label="Delete activity" after="/activities" />
    </>
  );
}
