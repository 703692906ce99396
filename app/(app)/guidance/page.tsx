import type { Metadata } from "next";
import { RedFlagBanner } from "@/app/_components/red-flag-banner";
import { GuidanceList } from "./guidance-list";

export const metadata: Metadata = { title: "Guidance" };

export default function GuidancePage() {
  return (
    <>
      <h1>Guidance on knee pain after running</h1>
      <RedFlagBanner />
      <p className="muted">
        Every treatment option, prevention tip and question of the guidance document Patella follows, with what Patella measured in your training
        and what the research says about it. This is education, not a diagnosis: it describes groups of runners, not you.
      </p>
      <GuidanceList />
    </>
  );
}
