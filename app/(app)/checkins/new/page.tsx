import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { recentRunsForCheckin } from "@/db/queries/checkins";
import { getUserSettings } from "@/db/queries/users";
import { currentUserId } from "@/lib/auth/current-user";
import { localDateTimeOf } from "@/lib/checkins/time";
import { z } from "zod";
import { CheckinForm } from "../checkin-form";

export const metadata: Metadata = { title: "New check-in" };

/** Runs of the last 10 days can be linked; a run is pre-selected when opened from it, or the latest of the last 36 hours. */
const LINKABLE_DAYS = 10;
const RECENT_MS = 36 * 3_600_000;

export default async function NewCheckinPage({ searchParams }: { searchParams: Promise<{ activity?: string | string[] }> }) {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in");
  const db = await getDb();
  const settings = await getUserSettings(db, userId);
  if (!settings) redirect("/sign-in");
  const now = new Date();
  const runs = await recentRunsForCheckin(db, { userId, since: new Date(now.getTime() - LINKABLE_DAYS * 86_400_000), timeZone: settings.timeZone });
  const asked = z.uuid().safeParse((await searchParams).activity);
  const fromActivity = asked.success ? runs.find((r) => r.id === asked.data) : undefined;
  const latest = runs[0] && now.getTime() - runs[0].startTime.getTime() <= RECENT_MS ? runs[0] : undefined;
  const preselected = fromActivity ?? latest ?? null;
  const maxAt = localDateTimeOf(now, settings.timeZone);
  return (
    <>
      <p>
        <Link href="/checkins">← Check-ins</Link>
      </p>
      <h1>How is your knee?</h1>
      {asked.success && !fromActivity ? (
        <p className="notice">That run is not among your runs of the last {LINKABLE_DAYS} days; choose the run below if you want to link one.</p>
      ) : null}
      <CheckinForm
        initial={{ at: maxAt, pain: null, timing: null, locations: [], side: null, redFlags: [], stoppedRun: false, activityId: preselected?.id ?? null, rpe: null, notes: "" }}
        runs={runs.map(({ id, name, localDate, distanceM }) => ({ id, name, localDate, distanceM }))}
        units={settings.units}
        maxAt={maxAt}
        timeZone={settings.timeZone}
      />
    </>
  );
}
