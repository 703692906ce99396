import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { getUserSettings } from "@/db/queries/users";
import { currentUserId } from "@/lib/auth/current-user";
import { stravaConfigured } from "@/lib/env";
import { stravaStatus } from "@/lib/strava/tokens";
import { timeZoneList } from "@/lib/time-zones";
import { StravaButton } from "@/app/_components/strava-button";
import { SettingsForm } from "./settings-form";

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
      <section className="card stack" aria-labelledby="strava-title">
        <h2 id="strava-title">Strava</h2>
        {strava.connected ? (
          <p data-testid="strava-status">Connected to Strava (athlete {strava.athleteId}).</p>
        ) : stravaConfigured() ? (
          <>
            <p data-testid="strava-status">Not connected. Connect Strava to import your runs automatically.</p>
            <div>
              <StravaButton label="Connect Strava" redirectTo="/settings" />
            </div>
          </>
        ) : (
          <p data-testid="strava-status" className="muted">
            Strava is not configured on this server (set STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET).
          </p>
        )}
      </section>
    </>
  );
}
