import type { Db } from "@/db/client";
import { getStravaConnection, lockStravaConnection, markReconnectNeeded, updateStravaTokens } from "@/db/queries/strava";
import type { StravaConnection } from "@/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { refreshTokens, StravaError, stravaGet, type StravaConfig } from "./client";
import { markWindowExhausted, recordRateReading, takeQuota } from "./quota";
import { nextUtcMidnight, nextWindow, type QuotaUse } from "./rate-limit";

/**
 * Strava calls on behalf of one runner: a fresh access token (refreshed before it expires, the
 * rotated refresh token stored at once, refreshes serialised by a row lock), a quota slot taken
 * first (lib/strava/quota.ts), the response's rate headers recorded after. What can go wrong
 * comes back as one of three errors besides StravaError:
 * - QuotaWait: no request allowed now; try again at `resumeAt`.
 * - ReconnectNeeded: Strava refused the tokens for good; the connection says so to the runner and
 *   nothing is retried until they reconnect (no endless error loop).
 * - NotConnected: the runner has no Strava connection (any more).
 */

export interface StravaDeps {
  db: Db;
  config: StravaConfig;
  /** AUTH_SECRET: the key the tokens are encrypted with. */
  secret: string;
  now: () => Date;
}

export class QuotaWait extends Error {
  override name = "QuotaWait";
  constructor(readonly resumeAt: Date) {
    super(`Strava's rate limit is used up until ${resumeAt.toISOString()}.`);
  }
}

export class ReconnectNeeded extends Error {
  override name = "ReconnectNeeded";
  constructor() {
    super("Strava no longer accepts Patella's access: the runner must reconnect.");
  }
}

export class NotConnected extends Error {
  override name = "NotConnected";
  constructor() {
    super("The runner has no Strava connection.");
  }
}

/** Refresh this long before expiry, so no request goes out with a token about to die. */
export const REFRESH_MARGIN_MS = 10 * 60_000;

async function usableConnection(db: Db, userId: string): Promise<StravaConnection> {
  const conn = await getStravaConnection(db, userId);
  if (!conn) throw new NotConnected();
  if (conn.status === "reconnect_needed") throw new ReconnectNeeded();
  return conn;
}

/**
 * An access token to use now. Refreshes when it expires within REFRESH_MARGIN_MS, or when `force`
 * (Strava just refused it). Inside a transaction holding the connection row's lock, so two workers
 * (or two app instances) never spend the same refresh token; a worker that waited on the lock
 * finds the tokens the other one stored and uses them. When Strava refuses the refresh token, the
 * newest stored one is tried before giving up: someone else may have rotated it meanwhile.
 */
export async function accessTokenFor(deps: StravaDeps, userId: string, opts: { force?: boolean; seen?: StravaConnection } = {}): Promise<string> {
  const { db, secret, config } = deps;
  const seen = opts.seen ?? (await usableConnection(db, userId));
  const fresh = (c: StravaConnection) => c.expiresAt.getTime() - deps.now().getTime() > REFRESH_MARGIN_MS;
  if (!opts.force && fresh(seen)) return decryptSecret(seen.accessTokenEnc, secret);

  const outcome = await db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const locked = await lockStravaConnection(tx, userId);
    if (!locked) return { kind: "gone" as const };
    if (locked.status === "reconnect_needed") return { kind: "reconnect" as const, refreshTokenEnc: locked.refreshTokenEnc };
    // Someone refreshed while we waited for the lock (or since we read the row): use theirs.
    const changed = locked.accessTokenEnc !== seen.accessTokenEnc;
    if (changed && fresh(locked)) return { kind: "token" as const, token: decryptSecret(locked.accessTokenEnc, secret) };
    if (!opts.force && fresh(locked)) return { kind: "token" as const, token: decryptSecret(locked.accessTokenEnc, secret) };
    try {
      const t = await refreshTokens(config, decryptSecret(locked.refreshTokenEnc, secret));
      await updateStravaTokens(tx, {
        userId,
        accessTokenEnc: encryptSecret(t.accessToken, secret),
        refreshTokenEnc: encryptSecret(t.refreshToken, secret),
        expiresAt: t.expiresAt,
      });
      return { kind: "token" as const, token: t.accessToken };
    } catch (err) {
      if (err instanceof StravaError && (err.kind === "invalid_refresh_token" || err.kind === "unauthorized")) {
        return { kind: "reconnect" as const, refreshTokenEnc: locked.refreshTokenEnc };
      }
      throw err;
    }
  });

  if (outcome.kind === "gone") throw new NotConnected();
  if (outcome.kind === "token") return outcome.token;
  // Refused. A newer refresh token stored by someone else (a sign-in, another instance) wins.
  const latest = await getStravaConnection(db, userId);
  if (!latest) throw new NotConnected();
  if (latest.status === "active" && latest.refreshTokenEnc !== outcome.refreshTokenEnc) {
    return accessTokenFor(deps, userId, { seen: latest, force: !fresh(latest) });
  }
  await markReconnectNeeded(db, { userId, refreshTokenEnc: outcome.refreshTokenEnc, reason: "Strava refused Patella's tokens (access revoked or expired)." });
  throw new ReconnectNeeded();
}

async function noteRateLimit(deps: StravaDeps, err: StravaError): Promise<never> {
  const now = deps.now();
  if (err.reading) await recordRateReading(deps.db, now, err.reading);
  else await markWindowExhausted(deps.db, now);
  const dailyOut = err.reading !== null && err.reading.usageDay >= err.reading.limitDay;
  throw new QuotaWait(dailyOut ? nextUtcMidnight(now) : nextWindow(now));
}

/**
 * GET an API path for the runner, within the quota. A token Strava refuses is refreshed once and
 * the request repeated; a second refusal means the runner must reconnect.
 */
export async function stravaRequest(deps: StravaDeps, userId: string, path: string, use: QuotaUse): Promise<unknown> {
  let conn = await usableConnection(deps.db, userId);
  let token = await accessTokenFor(deps, userId, { seen: conn });
  for (let round = 0; ; round++) {
    const slot = await takeQuota(deps.db, deps.now(), use);
    if (!slot.ok) throw new QuotaWait(slot.resumeAt);
    try {
      const { json, reading } = await stravaGet(deps.config, path, token);
      if (reading) await recordRateReading(deps.db, deps.now(), reading);
      return json;
    } catch (err) {
      if (!(err instanceof StravaError)) throw err;
      if (err.reading && err.kind !== "rate_limited") await recordRateReading(deps.db, deps.now(), err.reading);
      if (err.kind === "rate_limited") return noteRateLimit(deps, err);
      if (err.kind === "unauthorized" && round === 0) {
        conn = await usableConnection(deps.db, userId);
        token = await accessTokenFor(deps, userId, { seen: conn, force: true });
        // The refresh stored new tokens: the refusal below must name those, not the ones from before
        // the refresh (or the compare-and-set never matches and the connection stays "active" for ever).
        conn = await usableConnection(deps.db, userId);
        continue;
      }
      if (err.kind === "unauthorized") {
        // Strava refused a token it had just issued (access revoked without the token endpoint saying
        // so). Only if nobody stored newer tokens since (a reconnect wins).
        const marked = await markReconnectNeeded(deps.db, { userId, refreshTokenEnc: conn.refreshTokenEnc, reason: "Strava refused Patella's access token." });
        if (!marked) {
          const latest = await getStravaConnection(deps.db, userId);
          if (latest?.status === "active" && latest.accessTokenEnc !== conn.accessTokenEnc && round < 2) {
            conn = latest;
            token = decryptSecret(latest.accessTokenEnc, deps.secret);
            continue;
          }
        }
        throw new ReconnectNeeded();
      }
      throw err;
    }
  }
}
