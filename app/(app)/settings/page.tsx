import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { getUserSettings } from "@/db/queries/users";
import { currentUserId } from "@/lib/auth/current-user";
import { stravaConfigured } from "@/lib/env";
import { stravaStatus } from "@/lib/strava/status";
import { timeZoneList } from "@/lib/time-zones";
import { SettingsForm } from "./settings-form";
import { StravaCard, type StravaStatusJson } from "./strava-card";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in");
  const db = await getDb();
  const [settings, strava] = await Promise.all([getUserSettings(db, userId), stravaStatus(db, userId)]);
  if (!settings) redirect("/sign-in");
  return (
    <>
      <h1>Settings</h1>
      <SettingsForm
        initial={{ units: settings.units, timeZone: settings.timeZone, sex: settings.sex, hrRest: settings.hrRest, hrMax: settings.hrMax }}
        zones={timeZoneList()}
      />
      <StravaCard initial={JSON.parse(JSON.stringify(strava)) as StravaStatusJson} configured={stravaConfigured()} timeZone={settings.timeZone} />
    </>
  );
}
