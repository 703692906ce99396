import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { withBrowserOrigin } from "@/lib/auth/request-origin";
import { grantedScopeStore } from "@/lib/strava/tokens";

/**
 * Auth.js's routes. Strava's callback carries the scopes the runner granted only in its query
 * (`scope=`), so the callback runs with that value in grantedScopeStore for the sign-in event.
 */
export const GET = (req: NextRequest) => {
  const request = withBrowserOrigin(req) as NextRequest;
  const url = new URL(req.url);
  if (url.pathname.endsWith("/callback/strava")) {
    return grantedScopeStore.run(url.searchParams.get("scope"), () => handlers.GET(request));
  }
  return handlers.GET(request);
};
export const POST = (req: NextRequest) => handlers.POST(withBrowserOrigin(req) as NextRequest);
