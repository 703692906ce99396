import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db";
import { getCheckin, recentRunsForCheckin } from "@/db/queries/checkins";
import { getUserSettings } from "@/db/queries/users";
import { currentUserId } from "@/lib/auth/current-user";
import { localDateTimeOf } from "@/lib/checkins/time";
import { checkinIdParams } from "@/lib/validation/checkins";
import { CheckinForm } from "../../checkin-form";
import { DeleteButton } from "@/app/_components/delete-button";

export const metadata: Metadata = { title: "Edit check-in" };

export default async function EditCheckinPage({ params }: { params: Promise<{ id: string }> }) {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in");
  const parsed = checkinIdParams.safeParse(await params);
  if (!parsed.success) notFound();
  const db = await getDb();
  const [checkin, settings] = await Promise.all([getCheckin(db, { userId, id: parsed.data.id }), getUserSettings(db, userId)]);
  if (!checkin || !settings) notFound();
  const now = new Date();
  // Runs around the check-in's own date, so an old check-in can keep (or change) its run.
  const runs = await recentRunsForCheckin(db, { userId, since: new Date(checkin.at.getTime() - 10 * 86_400_000), timeZone: settings.timeZone });
  const choices = runs.filter((r) => r.startTime <= now).map(({ id, name, localDate, distanceM }) => ({ id, name, localDate, distanceM }));
  if (checkin.activity && !choices.some((r) => r.id === checkin.activity!.id)) {
    choices.unshift({ id: checkin.activity.id, name: checkin.activity.name, localDate: "", distanceM: 0 });
  }
  return (
    <>
      <p>
        <Link href="/checkins">← Check-ins</Link>
      </p>
      <h1>Edit check-in</h1>
      <CheckinForm
        checkinId={checkin.id}
        initial={{
          at: checkin.localDateTime,
          pain: checkin.pain,
          timing: checkin.timing,
          locations: checkin.locations,
          side: checkin.side,
          redFlags: checkin.redFlags,
          stoppedRun: checkin.stoppedRun,
          activityId: checkin.activity?.id ?? null,
          rpe: checkin.rpe,
          notes: checkin.notes ?? "",
        }}
        runs={choices}
        units={settings.units}
        maxAt={localDateTimeOf(now, checkin.timeZone)}
        timeZone={checkin.timeZone}
      />
      <div className="card-gap" />
      <DeleteButton url={`/api/v1/checkins/${checkin.id}`} confirmText="Delete this check-in? This cannot be undone." label="Delete check-in" after="/checkins" />
    </>
  );
}
