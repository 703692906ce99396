import type { Metadata } from "next";
import { WeeklyDistanceCard } from "./weekly-distance-card";

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  return (
    <>
      <h1>Dashboard</h1>
      <WeeklyDistanceCard />
    </>
  );
}
