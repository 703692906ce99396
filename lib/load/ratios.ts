import type { DailyPoint } from "./types";
import type { DailyLoad } from "./daily";
import { addDays } from "./weeks";

/**
 * Per-day ratios and fitness–fatigue values over a contiguous daily load series (guidance §3.5,
 * §3.6). All of them are trend indicators; none predicts injury.
 *
 * - Coupled ACWR = Σ load(d−6..d) / (Σ load(d−27..d) / 4).
 * - Uncoupled ACWR = Σ load(d−6..d) / (Σ load(d−27..d−7) / 3).
 * - EWMA ACWR = E_acute / E_chronic with E_t = λ·L_t + (1 − λ)·E_{t−1}, λ = 2/(7+1) and 2/(28+1)
 *   (Williams et al. 2017). The recurrence needs a value for the day before the first day of data
 *   (max(series start, dataStart)); both EWMAs start there at the mean daily load of the first 28
 *   days of data (a warm-up mean, guidance-science §3.5), not at 0. Seeded at 0, the chronic EWMA
 *   still lacks (27/29)^28 ≈ 13.5 % of its level on day 28 while the acute one lacks 0.03 %, so a
 *   perfectly steady runner read 1.16 there (more with rest days); seeded at the warm-up mean, a
 *   constant load reads exactly 1 from the first day. The first ratio is shown on day 28, whose
 *   window is exactly those 28 days, so the seed never uses a day after a value it feeds.
 *   When `dataStart` is before the series (a long history), the series start is the first day of
 *   data we hold.
 * - The three ratios are null before dataStart + 28 days (the first value is on that day, when
 *   the 28-day window holds only days with data), when dataStart is null, and when the chronic
 *   value is below CHRONIC_MIN_AU (0 after a long break; the EWMA only decays towards 0).
 * - Fitness (CTL) and fatigue (ATL): X_t = X_{t−1} + (L_t − X_{t−1}) / τ with τ = 42 and 7 days,
 *   X = 0 the day before the series start (the first day of the lookback). Seeding at 0 makes
 *   both too low for the first weeks of the lookback; with a 120-day lookback, e^(−120/42) ≈ 6 %
 *   of the initial error remains at `from`.
 * - Form (TSB) = yesterday's CTL − yesterday's ATL: the form the runner brought into today,
 *   before today's session (one of the two conventions the guidance names). On the first day of
 *   the series it is 0.
 *
 * Rolling sums are added up afresh each day (28 additions per day, still linear in the days)
 * rather than kept as a running sum, so an empty window is exactly 0, not floating-point residue.
 */

export const ACUTE_DAYS = 7;
export const CHRONIC_DAYS = 28;
export const LAMBDA_ACUTE = 2 / (ACUTE_DAYS + 1);
export const LAMBDA_CHRONIC = 2 / (CHRONIC_DAYS + 1);
export const CTL_DAYS = 42;
export const ATL_DAYS = 7;
/** Chronic values (AU per day, or per week for the rolling ratios) below this count as 0. */
export const CHRONIC_MIN_AU = 1e-6;

function ratio(acute: number, chronic: number): number | null {
  return chronic < CHRONIC_MIN_AU ? null : acute / chronic;
}

/**
 * The mean daily load of the CHRONIC_DAYS days from `start` (fewer when the series ends sooner; 0
 * when none of them is in the series): the EWMAs' starting value.
 */
export function warmUpMean(series: readonly DailyLoad[], start: string): number {
  const end = addDays(start, CHRONIC_DAYS - 1);
  let sum = 0;
  let days = 0;
  for (const { date, load } of series) {
    if (date < start || date > end) continue;
    sum += load;
    days += 1;
  }
  return days === 0 ? 0 : sum / days;
}

/**
 * DailyPoints for the days of `series` within [from, to]. `series` must be contiguous (one entry
 * per calendar day, as dailyLoadSeries builds it) and start at the first day of the lookback;
 * days of a window that fall before the series start count as 0.
 */
export function dailyPoints(series: readonly DailyLoad[], dataStart: string | null, from: string, to: string): DailyPoint[] {
  // The first day whose 28-day window holds 28 days of data: the 28th day from dataStart.
  const firstRatioDay = dataStart === null ? null : addDays(dataStart, CHRONIC_DAYS - 1);
  const seriesStart = series[0]?.date;
  const ewmaStart = dataStart !== null && seriesStart !== undefined && dataStart > seriesStart ? dataStart : seriesStart;

  const points: DailyPoint[] = [];
  let ctl = 0;
  let atl = 0;
  const seed = ewmaStart === undefined ? 0 : warmUpMean(series, ewmaStart);
  let eAcute = seed;
  let eChronic = seed;
  for (let i = 0; i < series.length; i++) {
    const { date, load } = series[i]!;
    const form = ctl - atl;
    ctl += (load - ctl) / CTL_DAYS;
    atl += (load - atl) / ATL_DAYS;
    if (ewmaStart !== undefined && date >= ewmaStart) {
      eAcute = LAMBDA_ACUTE * load + (1 - LAMBDA_ACUTE) * eAcute;
      eChronic = LAMBDA_CHRONIC * load + (1 - LAMBDA_CHRONIC) * eChronic;
    }
    if (date < from || date > to) continue;

    let acwrCoupled: number | null = null;
    let acwrUncoupled: number | null = null;
    let acwrEwma: number | null = null;
    if (firstRatioDay !== null && date >= firstRatioDay) {
      let acute = 0;
      let older = 0;
      for (let k = 0; k < CHRONIC_DAYS && i - k >= 0; k++) {
        const l = series[i - k]!.load;
        if (k < ACUTE_DAYS) acute += l;
        else older += l;
      }
      acwrCoupled = ratio(acute, (acute + older) / 4);
      acwrUncoupled = ratio(acute, older / 3);
      acwrEwma = ratio(eAcute, eChronic);
    }

    points.push({ date, load, acwrCoupled, acwrUncoupled, acwrEwma, fitness: ctl, fatigue: atl, form });
  }
  return points;
}
