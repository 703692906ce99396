import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { getUserSettings } from "@/db/queries/users";
import { auth } from "@/lib/auth";
import { timeZoneList } from "@/lib/time-zones";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const session = await auth();
  if (!session?.user?.id) redirect("/sign-in");
  const settings = await getUserSettings(await getDb(), session.user.id);
  if (!settings) redirect("/sign-in");
  return (
    <>
      <h1>Settings</h1>
      <SettingsForm initial={{ units: settings.units, timeZone: settings.timeZone }} zones={timeZoneList()} />
    </>
  );
}
