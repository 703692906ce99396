/**
 * How long a failed job waits before its next attempt.
 *
 * Exponential with a cap: attempt n (1-based: the attempt that just failed) waits
 * `BACKOFF_BASE_MS × 2^(n−1)`, at most `BACKOFF_CAP_MS` — 30 s, 1 min, 2 min, 4 min, … 32 min, then
 * 1 h for every later attempt. With the default eight attempts a job gives up after about 1 h 4 min
 * of waiting in all.
 *
 * Deterministic: without a seed there is no jitter. With a seed (the worker passes the job id) the
 * delay is shortened by up to a quarter, by an amount that is a pure function of (seed, attempt) —
 * so jobs that failed together (a Strava outage fails a whole batch at once) do not all come back
 * in the same instant, yet a given job's schedule is reproducible in tests. The jittered delay
 * stays within [0.75 × base, base], so the cap is never exceeded.
 */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 3_600_000;
/** The largest share of the delay the seeded jitter removes. */
export const BACKOFF_JITTER = 0.25;

export function backoffMs(attempt: number, seed?: number): number {
  const n = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : 1;
  // 2^(n−1) overflows nothing below 2^1023, but there is no point going past the cap.
  const exponent = Math.min(n - 1, 32);
  const base = Math.min(BACKOFF_BASE_MS * 2 ** exponent, BACKOFF_CAP_MS);
  if (seed === undefined) return base;
  return base - Math.floor(base * BACKOFF_JITTER * unitHash(seed, n));
}

/** A number in [0, 1) that depends only on its inputs (a 32-bit integer mix, murmur3's finaliser). */
export function unitHash(seed: number, salt: number): number {
  let h = (Math.trunc(seed) ^ Math.imul(Math.trunc(salt) + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  // Seeds above 2^32 (bigint ids) still contribute their high bits.
  h = (h ^ Math.trunc(seed / 0x1_0000_0000)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}
