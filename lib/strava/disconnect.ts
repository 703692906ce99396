import { getStravaConnection, purgeStravaData, type PurgeCounts } from "@/db/queries/strava";
import { decryptSecret } from "@/lib/crypto";
import { errorFields, log } from "@/lib/log";
import { deauthorize } from "./client";
import { accessTokenFor, type StravaDeps } from "./api";

export interface DisconnectResult extends PurgeCounts {
  /** Whether Strava confirmed the revocation (false: unreachable, or the tokens were dead already). */
  stravaNotified: boolean;
}

/**
 * The runner disconnects Strava: Patella's access is revoked at Strava, then everything that came
 * from Strava is deleted (lib/db purgeStravaData). Files the runner uploaded and everything they
 * entered stay. The local deletion happens even when Strava cannot be reached — the runner asked
 * for it — and the answer says whether Strava was told. Null when there was no connection.
 */
export async function disconnectStrava(deps: StravaDeps, userId: string): Promise<DisconnectResult | null> {
  const conn = await getStravaConnection(deps.db, userId);
  if (!conn) return null;
  let stravaNotified = false;
  try {
    // A live access token (refreshed if need be) identifies the athlete to revoke.
    const token = conn.status === "active" ? await accessTokenFor(deps, userId, { seen: conn }) : decryptSecret(conn.accessTokenEnc, deps.secret);
    await deauthorize(deps.config, token);
    stravaNotified = true;
  } catch (err) {
    log.warn("could not deauthorize at Strava; deleting the local data anyway", { userId, ...errorFields(err) });
  }
  const counts = await purgeStravaData(deps.db, userId, deps.now());
  log.info("strava disconnected", { userId, stravaNotified, ...counts });
  return { ...counts, stravaNotified };
}
