import type { APIRequestContext } from "@playwright/test";
import { expect } from "@playwright/test";
import { createAccount, signInOverHttp, type Runner } from "./fixtures";
import { addDays, shiftedFixture } from "./helpers";

export interface SeededRunner extends Runner {
  /** A run with a track, heart rate and a linked check-in. */
  activityId: string;
  /** A check-in with a warning sign (so the red-flag banner and referral show). */
  checkinId: string;
}

/**
 * A signed-in runner with a few weeks of data, all over HTTP as the app receives it: three recorded
 * runs and check-ins (one linked to a run, one with a warning sign). This week's OSTRC
 * questionnaire is left unanswered, so its form shows. No Strava. The session cookie lands in
 * `request`'s cookie jar.
 */
export async function seedRunner(request: APIRequestContext): Promise<SeededRunner> {
  const runner = await createAccount(request);
  await signInOverHttp(request, runner);

  const now = new Date();
  const runs: [string, Date][] = [
    ["strava-run-hr.gpx", addDays(now, -2)],
    ["garmin-connect-run-hr-2012.gpx", addDays(now, -9)],
    ["garmin-connect-run-hr-cad-ns3-prefix.gpx", addDays(now, -16)],
  ];
  const ids: string[] = [];
  for (const [file, start] of runs) {
    const res = await request.post("/api/v1/uploads", {
      multipart: { file: { name: file, mimeType: "application/gpx+xml", buffer: shiftedFixture(file, start) } },
    });
    expect(res.status(), await res.text()).toBe(201);
    ids.push(((await res.json()) as { activityId: string }).activityId);
  }
  const activityId = ids[0]!;

  const checkin = async (data: Record<string, unknown>) => {
    const res = await request.post("/api/v1/checkins", { data });
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { checkin: { id: string } }).checkin.id;
  };
  await checkin({ pain: 2, timing: "next_morning", locations: ["outside"], side: "left", notes: "A little stiff." });
  await checkin({ pain: 4, timing: "after", activityId, rpe: 6, locations: ["front"], side: "right" });
  const checkinId = await checkin({ pain: 5, timing: "at_rest", locations: ["whole_knee"], side: "right", redFlags: ["swelling"] });

  return { ...runner, activityId, checkinId };
}
