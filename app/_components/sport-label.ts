import type { Sport } from "@/db/schema";

export const SPORT_LABELS: Record<Sport, string> = {
  run: "Run",
  trail_run: "Trail run",
  treadmill_run: "Treadmill run",
  ride: "Ride",
  swim: "Swim",
  walk: "Walk",
  hike: "Hike",
  strength: "Strength",
  other: "Other",
};
