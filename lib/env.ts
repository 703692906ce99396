import { z } from "zod";

/**
 * Every environment variable Patella reads, validated once. `next.config.ts` imports this
 * module so that a bad value stops the build or the server at start, not on the first request.
 */
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const osmOverpassUrlSchema = z.preprocess(
  emptyToUndefined,
  z.url({ protocol: /^https?$/, error: "OSM_OVERPASS_URL must be an http(s) URL" }).optional(),
);

const schema = z.object({
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
      .optional(),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./.data")),
  AUTH_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().min(32, "AUTH_SECRET must be at least 32 characters (try: openssl rand -base64 32)").optional(),
  ),
  AUTH_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, error: "AUTH_URL must be an http(s) URL" }).optional()),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  STRAVA_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  STRAVA_CLIENT_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  STRAVA_BASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https?$/, error: "STRAVA_BASE_URL must be an http(s) URL" })
      .default("https://www.strava.com")
      .transform((u) => u.replace(/\/+$/, "")),
  ),
  // Webhook subscription handshake: Strava echoes this back when it validates the callback URL.
  STRAVA_VERIFY_TOKEN: z.preprocess(emptyToUndefined, z.string().min(8, "STRAVA_VERIFY_TOKEN must be at least 8 characters").optional()),
  // Webhook limits (lib/strava/events.ts, lib/strava/quota.ts): event jobs waiting per runner, and
  // the share of Strava's rate limits that webhook events may spend.
  STRAVA_WEBHOOK_MAX_PENDING: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: "STRAVA_WEBHOOK_MAX_PENDING must be a whole number" }).int().min(1).max(10_000).default(50),
  ),
  STRAVA_WEBHOOK_QUOTA_PERCENT: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: "STRAVA_WEBHOOK_QUOTA_PERCENT must be a number from 1 to 100" }).min(1).max(100).default(20),
  ),
  // Minutes between two incremental Strava syncs of a connected runner (lib/strava/sync.ts).
  STRAVA_SYNC_MINUTES: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: "STRAVA_SYNC_MINUTES must be a whole number from 5 to 10080" }).int().min(5).max(10_080).default(60),
  ),
  // "off" keeps this instance from running background jobs (Strava import and webhook events), e.g.
  // for a read-only replica; every other instance on the same database still runs them.
  JOBS_WORKER: z.preprocess(emptyToUndefined, z.enum(["on", "off"], { error: 'JOBS_WORKER must be "on" or "off"' }).default("on")),
  // Optional, off by default: an Overpass API endpoint (e.g. https://overpass-api.de/api/interpreter)
  // that runs with no better surface evidence are looked up on. See lib/surface/overpass.ts.
  OSM_OVERPASS_URL: osmOverpassUrlSchema,
  MAX_ARCHIVE_MB: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: "MAX_ARCHIVE_MB must be a number of megabytes" }).positive("MAX_ARCHIVE_MB must be positive").max(1_048_576).default(20_480),
  ),
  // Per-runner storage: kept original files plus archives waiting for their import. 0 = no quota.
  MAX_USER_STORAGE_MB: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: "MAX_USER_STORAGE_MB must be a number of megabytes" }).min(0, "MAX_USER_STORAGE_MB must not be negative").max(16_777_216).default(20_480),
  ),
  // Heavy-work threads (lib/workers/pool.ts reads it; validated here so a bad value stops the start).
  HEAVY_WORKERS: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: "HEAVY_WORKERS must be a whole number" }).int("HEAVY_WORKERS must be a whole number").min(1, "HEAVY_WORKERS must be at least 1").max(64).optional(),
  ),
  MAX_UPLOAD_MB: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: "MAX_UPLOAD_MB must be a number of megabytes" }).positive("MAX_UPLOAD_MB must be positive").max(4096).default(50),
  ),
  // Who may create an account: "open" (anyone), "invite" (a code from `npm run user -- invite`) or
  // "closed". Unset: open until the first account exists, then invite-only.
  SIGNUP: z.preprocess(emptyToUndefined, z.enum(["open", "invite", "closed"], { error: 'SIGNUP must be "open", "invite" or "closed"' }).optional()),
  // Sign-ups from one address within an hour before each further one waits (doubling from 1 s); 0: no limit.
  SIGNUP_PER_HOUR: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: "SIGNUP_PER_HOUR must be a whole number" }).int("SIGNUP_PER_HOUR must be a whole number").min(0).max(1_000_000).default(10),
  ),
  // The absolute lifetime of a session, from sign-in, however active the runner is.
  SESSION_MAX_AGE_DAYS: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: "SESSION_MAX_AGE_DAYS must be a number of days" }).positive("SESSION_MAX_AGE_DAYS must be positive").max(365).default(14),
  ),
  // "1" when Patella runs behind a reverse proxy that sets X-Forwarded-For / -Host / -Proto; otherwise
  // those headers are ignored (a client could send anything in them).
  TRUST_PROXY: z.preprocess(emptyToUndefined, z.enum(["0", "1"], { error: 'TRUST_PROXY must be "1" or "0"' }).default("0")),
});

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment, read once per process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The per-file upload limit in bytes (MAX_UPLOAD_MB mebibytes). */
export function maxUploadBytes(e: Env = env()): number {
  return Math.floor(e.MAX_UPLOAD_MB * 1024 * 1024);
}

/** The largest archive (.zip) accepted, in bytes (MAX_ARCHIVE_MB mebibytes). */
export function maxArchiveBytes(e: Env = env()): number {
  return Math.floor(e.MAX_ARCHIVE_MB * 1024 * 1024);
}

/** The absolute session lifetime in seconds (SESSION_MAX_AGE_DAYS), read from `source` on each call. */
export function sessionMaxAgeSeconds(source: Record<string, string | undefined> = process.env): number {
  const parsed = schema.shape.SESSION_MAX_AGE_DAYS.safeParse(source.SESSION_MAX_AGE_DAYS);
  return Math.round((parsed.success ? parsed.data : 14) * 24 * 3600);
}

/** Sign-ups per address per hour before the backoff (SIGNUP_PER_HOUR; 0: no limit), read on each call. */
export function signupPerHour(source: Record<string, string | undefined> = process.env): number {
  const parsed = schema.shape.SIGNUP_PER_HOUR.safeParse(source.SIGNUP_PER_HOUR);
  return parsed.success ? parsed.data : 10;
}

/** SIGNUP when set to a valid mode, else null (decided by whether an account exists), read on each call. */
export function configuredSignup(source: Record<string, string | undefined> = process.env): "open" | "invite" | "closed" | null {
  const parsed = schema.shape.SIGNUP.safeParse(source.SIGNUP);
  return parsed.success ? (parsed.data ?? null) : null;
}

/** Whether X-Forwarded-* headers come from a trusted proxy (TRUST_PROXY=1), read on each call. */
export function trustProxy(source: Record<string, string | undefined> = process.env): boolean {
  return source.TRUST_PROXY === "1";
}

/** Each runner's storage quota in bytes (MAX_USER_STORAGE_MB mebibytes), or null when there is none (0). */
export function maxUserStorageBytes(e: Env = env()): number | null {
  return e.MAX_USER_STORAGE_MB === 0 ? null : Math.floor(e.MAX_USER_STORAGE_MB * 1024 * 1024);
}

/** Strava sign-in is offered only when both credentials are configured. */
export function stravaConfigured(e: Env = env()): boolean {
  return Boolean(e.STRAVA_CLIENT_ID && e.STRAVA_CLIENT_SECRET);
}

/**
 * The OpenStreetMap Overpass endpoint to look surfaces up on, or null when none is configured.
 * Read from `source` on every call rather than from the cached env(), so that a value set after the
 * first env() (tests, scripts) counts. A bad value stops the start (next.config.ts, db/client.ts);
 * if one is set later anyway, the lookup is simply off.
 */
export function osmOverpassUrl(source: Record<string, string | undefined> = process.env): string | null {
  const parsed = osmOverpassUrlSchema.safeParse(source.OSM_OVERPASS_URL);
  return parsed.success ? (parsed.data ?? null) : null;
}

/** Strava's web site, for "View on Strava" links: STRAVA_BASE_URL (the local Strava server in development). */
export function stravaWebUrl(e: Env = env()): string {
  return e.STRAVA_BASE_URL;
}
