import type { Metadata } from "next";
import Link from "next/link";
import { OstrcCard } from "@/app/_components/ostrc-card";
import { RedFlagBanner } from "@/app/_components/red-flag-banner";
import { WarningSigns } from "@/app/_components/warning-signs";
import { GuidancePanel } from "./guidance-panel";
import { LoadCard } from "./load-card";
import { SurfaceCard } from "./surface-card";

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  return (
    <>
      <div className="page-head">
        <h1>Dashboard</h1>
        <Link href="/checkins/new" className="button primary" data-testid="check-in-link">
          Check in
        </Link>
      </div>
      <RedFlagBanner />
      <WarningSigns compact />
      <OstrcCard />
      <LoadCard />
      <SurfaceCard />
      <GuidancePanel />
    </>
  );
}
