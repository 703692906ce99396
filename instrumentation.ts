/**
 * Runs once when the server starts (not during `next build`): opens the database and applies
 * migrations before the first request is served, makes sure an auth secret exists, and starts the
 * background job worker (Strava history import, webhook events, streams) unless JOBS_WORKER=off.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First: proxy headers a client sent are dropped unless TRUST_PROXY=1; HSTS over https.
  const { installForwardedHeaderFilter } = await import("./lib/security/forwarded-headers");
  const { trustProxy } = await import("./lib/env");
  installForwardedHeaderFilter(() => ({ trustProxy: trustProxy(), authUrl: process.env.AUTH_URL || process.env.NEXTAUTH_URL || undefined }));
  const { getAuthSecret } = await import("./lib/auth/secret");
  const { getDbHandle } = await import("./db/client");
  try {
    getAuthSecret();
    await getDbHandle();
  } catch (err) {
    // Serving 500s for ever helps nobody: say what is wrong and stop, so a supervisor (or the
    // runner) sees it at once.
    console.error(`Patella cannot start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  try {
    // Archives left by an upload or an import that a stop cut short.
    const { sweepArchives } = await import("./lib/import/archive-sweep");
    const { env } = await import("./lib/env");
    await sweepArchives((await getDbHandle()).db, env().DATA_DIR, new Date());
  } catch (err) {
    console.error(`Patella could not sweep leftover archives: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { startAppWorker } = await import("./lib/jobs/app-worker");
  await startAppWorker();
}
