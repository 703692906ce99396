import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUserId } from "@/lib/auth/current-user";
import { stravaConfigured } from "@/lib/env";
import { timeZoneList } from "@/lib/time-zones";
import { OnboardingFlow } from "./onboarding-flow";

export const metadata: Metadata = { title: "Welcome" };

/**
 * The first-run questions, where sign-up lands: units, time zone, heart rate, then the ways to
 * bring runs in. Outside the app's navigation on purpose; it reads the runner's settings through
 * the API (the page itself reads no data), and is always there to come back to.
 */
export default async function OnboardingPage() {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in");
  return (
    <main className="content onboarding">
      <p className="brand" aria-hidden="true">
        Patella
      </p>
      <h1>Welcome to Patella</h1>
      <OnboardingFlow zones={timeZoneList()} stravaConfigured={stravaConfigured()} />
      <p className="disclaimer">Patella educates about training load; it does not diagnose. For pain that worries you, see a healthcare professional.</p>
    </main>
  );
}
