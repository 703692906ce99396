import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { getUserSettings } from "@/db/queries/users";
import { currentUserId } from "@/lib/auth/current-user";
import { localDateTimeOf } from "@/lib/checkins/time";
import { ManualForm } from "./manual-form";

export const metadata: Metadata = { title: "Add an activity" };

/** An activity without a file: a treadmill run, a run the watch missed, a ride. */
export default async function NewActivityPage() {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in");
  const settings = await getUserSettings(await getDb(), userId);
  if (!settings) redirect("/sign-in");
  return (
    <>
      <p>
        <Link href="/activities">← All activities</Link>
      </p>
      <h1>Add an activity by hand</h1>
      <p className="muted">
        For a treadmill run, a run your watch missed, or another sport without a file. The time is in your time zone ({settings.timeZone}). Have a file?{" "}
        <Link href="/upload">Upload it</Link> instead.
      </p>
      <ManualForm units={settings.units} maxStart={localDateTimeOf(new Date(), settings.timeZone)} />
    </>
  );
}
