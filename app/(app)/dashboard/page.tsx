import type { Metadata } from "next";
import { WarningSigns } from "@/app/_components/warning-signs";
import { GuidancePanel } from "./guidance-panel";
import { LoadCard } from "./load-card";

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  return (
    <>
      <h1>Dashboard</h1>
      <WarningSigns compact />
      <LoadCard />
      <GuidancePanel />
    </>
  );
}
