import type { Metadata } from "next";
import { GuidancePanel } from "./guidance-panel";
import { LoadCard } from "./load-card";

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  return (
    <>
      <h1>Dashboard</h1>
      <LoadCard />
      <GuidancePanel />
    </>
  );
}
