import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { SPORT_LABELS } from "@/app/_components/sport-label";
import { getDb } from "@/db";
import { getActivity } from "@/db/queries/activities";
import { getUserSettings } from "@/db/queries/users";
import { currentUserId } from "@/lib/auth/current-user";
import { activityIdParams } from "@/lib/validation/activities";
import { formatDistance, formatDuration, formatPace } from "@/lib/units";
import { DeleteActivityButton } from "./delete-button";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage({ params }: { params: Promise<{ id: string }> }) {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in");
  const parsed = activityIdParams.safeParse(await params);
  if (!parsed.success) notFound();
  const db = await getDb();
  const [activity, settings] = await Promise.all([
    getActivity(db, { userId, id: parsed.data.id }),
    getUserSettings(db, userId),
  ]);
  if (!activity || !settings) notFound();
  const units = settings.units;
  const started = activity.startTime.toLocaleString("en-GB", { timeZone: activity.timeZone, dateStyle: "full", timeStyle: "short" });
  const rows: [string, string][] = [
    ["Sport", SPORT_LABELS[activity.sport]],
    ["Started", `${started} (${activity.timeZone})`],
    ["Distance", formatDistance(activity.distanceM, units)],
    ["Moving time", formatDuration(activity.movingS)],
    ["Elapsed time", formatDuration(activity.elapsedS)],
    ["Average pace", formatPace(activity.movingS, activity.distanceM, units)],
    ["Elevation gain", activity.elevGainM === null ? "–" : `${Math.round(activity.elevGainM)} m`],
    ["Average heart rate", activity.avgHr === null ? "–" : `${Math.round(activity.avgHr)} bpm`],
    ["Max heart rate", activity.maxHr === null ? "–" : `${Math.round(activity.maxHr)} bpm`],
    ["Average cadence", activity.avgCadenceSpm === null ? "–" : `${Math.round(activity.avgCadenceSpm)} steps/min`],
    ["Source", activity.source.toUpperCase()],
  ];
  return (
    <>
      <p>
        <Link href="/activities">← All activities</Link>
      </p>
      <h1>{activity.name}</h1>
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <DeleteActivityButton id={activity.id} name={activity.name} />
    </>
  );
}
