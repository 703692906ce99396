import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { OstrcCard } from "@/app/_components/ostrc-card";
import { RedFlagBanner } from "@/app/_components/red-flag-banner";
import { getDb } from "@/db";
import { getUserSettings } from "@/db/queries/users";
import { currentUserId } from "@/lib/auth/current-user";
import { z } from "zod";
import { CheckinsView } from "./checkins-view";

export const metadata: Metadata = { title: "Check-ins" };

export default async function CheckinsPage({ searchParams }: { searchParams: Promise<{ saved?: string | string[] }> }) {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in");
  const settings = await getUserSettings(await getDb(), userId);
  if (!settings) redirect("/sign-in");
  const saved = z.uuid().safeParse((await searchParams).saved);
  return (
    <>
      <div className="page-head">
        <h1>Check-ins</h1>
        <Link href="/checkins/new" className="button primary">
          New check-in
        </Link>
      </div>
      {saved.success ? (
        <p className="notice" role="status" data-testid="saved">
          Check-in saved.
        </p>
      ) : null}
      <RedFlagBanner />
      <OstrcCard />
      <CheckinsView units={settings.units} savedId={saved.success ? saved.data : null} />
    </>
  );
}
