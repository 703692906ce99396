import { SPORT_LABELS } from "@/app/_components/sport-label";
import { SPORT_VALUES } from "@/lib/validation/activities";

/** Every sport a runner can choose, as <option>s of a select (edit, hand entry, the Change control). */
export function SportOptions() {
  return SPORT_VALUES.map((s) => (
    <option key={s} value={s}>
      {SPORT_LABELS[s]}
    </option>
  ));
}
