import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { getUserSettings } from "@/db/queries/users";
import { currentUserId } from "@/lib/auth/current-user";
import { env, stravaConfigured } from "@/lib/env";
import { stravaStatus } from "@/lib/strava/status";
import { timeZoneList } from "@/lib/time-zones";
import { hasPassword } from "@/db/queries/account";
import { hasSampleData } from "@/lib/sample/has-sample";
import { DeleteAccountCard, ExportCard, PasswordCard, SessionsCard } from "./account-cards";
import { SampleDataCard } from "./sample-data-card";
import { SettingsForm } from "./settings-form";
import { StravaCard, type StravaStatusJson } from "./strava-card";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in");
  const db = await getDb();
  const [settings, strava, pw, hasSample] = await Promise.all([getUserSettings(db, userId), stravaStatus(db, userId), hasPassword(db, userId), hasSampleData(db, userId)]);
  if (!settings) redirect("/sign-in");
  return (
    <>
      <h1>Settings</h1>
      <SettingsForm
        initial={{ units: settings.units, timeZone: settings.timeZone, sex: settings.sex, hrRest: settings.hrRest, hrMax: settings.hrMax }}
        zones={timeZoneList()}
      />
      <StravaCard initial={JSON.parse(JSON.stringify(strava)) as StravaStatusJson} configured={stravaConfigured()} timeZone={settings.timeZone} />
      <SampleDataCard hasSample={hasSample} />
      <PasswordCard hasPassword={pw} />
      <SessionsCard maxAgeDays={env().SESSION_MAX_AGE_DAYS} />
      <ExportCard />
      <DeleteAccountCard hasPassword={pw} />
    </>
  );
}
