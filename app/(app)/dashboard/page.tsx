import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { OnboardingBanner } from "@/app/_components/onboarding-banner";
import { OstrcCard } from "@/app/_components/ostrc-card";
import { RedFlagBanner } from "@/app/_components/red-flag-banner";
import { SampleDataBanner } from "@/app/_components/sample-data-banner";
import { SeeAProfessionalLink } from "@/app/_components/warning-signs";
import { getDb } from "@/db";
import { firstActivityDate } from "@/db/queries/load";
import { isOnboarded } from "@/db/queries/onboarding";
import { getUserSettings } from "@/db/queries/users";
import { currentUserId } from "@/lib/auth/current-user";
import { chartRangeDates, parseChartRange } from "@/lib/load/chart-range";
import { localDateOf } from "@/lib/load/weeks";
import { hasSampleData } from "@/lib/sample/has-sample";
import { todayFor } from "@/lib/today/for-runner";
import { GuidancePanel } from "./guidance-panel";
import { LoadCard } from "./load-card";
import { RangeControl } from "./range-control";
import { SurfaceCard } from "./surface-card";
import { TodayCard } from "./today-card";

export const metadata: Metadata = { title: "Dashboard" };

/** The dashboard; `?range=` (4w, 12w, 6m, 1y, all) picks the weeks every chart shows. */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ range?: string | string[] }> }) {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in");
  const db = await getDb();
  const settings = await getUserSettings(db, userId);
  if (!settings) redirect("/sign-in");
  const range = parseChartRange((await searchParams).range);
  const [first, onboarded, hasSample, today] = await Promise.all([
    range === "all" ? firstActivityDate(db, { userId, timeZone: settings.timeZone }) : null,
    isOnboarded(db, userId),
    hasSampleData(db, userId),
    todayFor(db, userId, settings),
  ]);
  const { from, clipped } = chartRangeDates(range, localDateOf(new Date(), settings.timeZone), first);
  const dashboardRange = { dates: from ? { from } : {}, clipped, isAll: range === "all" };
  return (
    <>
      <div className="page-head">
        <h1>Dashboard</h1>
        <Link href="/checkins/new" className="button primary" data-testid="check-in-link">
          Check in
        </Link>
      </div>
      {/* The runner's own open warning sign comes before anything else (it renders nothing without one). */}
      <RedFlagBanner />
      <TodayCard today={today} units={settings.units} />
      <SampleDataBanner hasSample={hasSample} />
      <OnboardingBanner onboarded={onboarded} />
      <SeeAProfessionalLink />
      <OstrcCard />
      <RangeControl current={range} />
      <LoadCard range={dashboardRange} />
      <SurfaceCard range={dashboardRange.dates} />
      <GuidancePanel />
    </>
  );
}
