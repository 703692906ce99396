import Strava from "next-auth/providers/strava";
import type { Env } from "@/lib/env";

/** Scopes Patella asks for: private runs need activity:read_all; shoes need profile:read_all. */
export const STRAVA_SCOPES = "read,activity:read_all,profile:read_all";

/** Every Strava URL, OAuth included, is built from STRAVA_BASE_URL so a local server can stand in. */
export function stravaUrls(baseUrl: string) {
  return {
    authorize: `${baseUrl}/oauth/authorize`,
    token: `${baseUrl}/oauth/token`,
    athlete: `${baseUrl}/api/v3/athlete`,
    api: `${baseUrl}/api/v3`,
  };
}

export function stravaProvider(e: Env) {
  const urls = stravaUrls(e.STRAVA_BASE_URL);
  return Strava({
    clientId: e.STRAVA_CLIENT_ID,
    clientSecret: e.STRAVA_CLIENT_SECRET,
    // Strava ignores PKCE, so `state` is what protects the callback from forged requests.
    checks: ["state"],
    authorization: {
      url: urls.authorize,
      params: { scope: STRAVA_SCOPES, approval_prompt: "auto", response_type: "code" },
    },
    token: { url: urls.token },
    userinfo: urls.athlete,
  });
}
