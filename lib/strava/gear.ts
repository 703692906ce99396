import { z } from "zod";
import type { GearInput } from "@/db/queries/gear";
import { cleanOneLine } from "@/lib/validation/text";

/**
 * The runner's shoes and bikes from Strava's DetailedAthlete (GET /athlete with profile:read_all:
 * `shoes[]` and `bikes[]` of SummaryGear — id, name, primary, distance in metres, resource_state;
 * /work/shared/reference/strava-api.md §2). Pure: no database, no network.
 *
 * Tolerant like the activity schema (lib/strava/types.ts): unknown fields are ignored, a missing or
 * null list is an empty one, and one odd entry is skipped rather than losing the others.
 */

/** Strava's gear ids: "g123" for shoes, "b456" for bikes. Bounded, one word. */
const GEAR_ID = /^[A-Za-z0-9]{1,64}$/;
export const MAX_GEAR_NAME = 200;

const summaryGearSchema = z.looseObject({
  id: z.string().regex(GEAR_ID),
  // A figure the schema cannot read makes the entry useless: no distance, no reminder.
  distance: z.number().nonnegative(),
  name: z.string().nullish().catch(null),
  primary: z.boolean().nullish().catch(null),
  retired: z.boolean().nullish().catch(null),
});

const gearListSchema = z.array(z.unknown()).nullish().catch(null);

const athleteSchema = z.looseObject({ shoes: gearListSchema, bikes: gearListSchema });

/** A one-line name: no control characters, trimmed, at most 200 UTF-16 units, never half a surrogate pair. */
export function cleanGearName(raw: string): string {
  return cleanOneLine(raw, MAX_GEAR_NAME);
}

const UNNAMED: Record<GearInput["kind"], string> = { shoe: "Unnamed shoes", bike: "Unnamed bike" };

/**
 * The gear listed in a DetailedAthlete, shoes then bikes, kind from the list an entry is in.
 * Skipped: entries without a usable id, without a finite non-negative distance, entries Strava
 * marks retired (it normally leaves them out; replaceStravaGear then marks ours retired), and a
 * second entry with an id already seen. A missing or blank name becomes "Unnamed shoes"/"Unnamed
 * bike" rather than losing the pair's distance. Anything that is not an object gives [].
 *
 * A summary athlete (no profile:read_all) has no lists at all and also gives []: check
 * hasStravaGearLists before treating [] as "the runner has no gear" (which retires all of it).
 */
export function gearFromStravaAthlete(json: unknown): GearInput[] {
  const athlete = athleteSchema.safeParse(json);
  if (!athlete.success) return [];
  const out: GearInput[] = [];
  const seen = new Set<string>();
  const lists: [GearInput["kind"], unknown[] | null | undefined][] = [
    ["shoe", athlete.data.shoes],
    ["bike", athlete.data.bikes],
  ];
  for (const [kind, list] of lists) {
    for (const entry of list ?? []) {
      const parsed = summaryGearSchema.safeParse(entry);
      if (!parsed.success) continue;
      const g = parsed.data;
      if (g.retired === true || seen.has(g.id)) continue;
      seen.add(g.id);
      out.push({
        sourceRef: g.id,
        kind,
        name: cleanGearName(g.name ?? "") || UNNAMED[kind],
        distanceM: g.distance,
        primary: g.primary === true,
      });
    }
  }
  return out;
}

/**
 * Whether the athlete JSON carries the gear lists at all (a `shoes` or `bikes` array, as a
 * DetailedAthlete does, empty or not). A summary athlete — the token lacks profile:read_all — does
 * not, and says nothing about the runner's gear.
 */
export function hasStravaGearLists(json: unknown): boolean {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return false;
  const o = json as Record<string, unknown>;
  return Array.isArray(o.shoes) || Array.isArray(o.bikes);
}
