import os from "node:os";
import path from "node:path";
import fs from "node:fs";

// Tests never read a developer's .env or .data: a fixed secret and a throwaway data directory.
process.env.AUTH_SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "patella-test-data-"));
delete process.env.DATABASE_URL;
// Nor a developer's OpenStreetMap endpoint: tests that need one start a local fake and set it.
delete process.env.OSM_OVERPASS_URL;
// Nothing in the tests reaches Strava: a closed local port (connections are refused at once), and
// a fixed verify token for the webhook handshake. Sync tests start the local Strava server.
process.env.STRAVA_BASE_URL = "http://127.0.0.1:9";
process.env.STRAVA_VERIFY_TOKEN = "patella-test-verify-token";
delete process.env.STRAVA_CLIENT_ID;
delete process.env.STRAVA_CLIENT_SECRET;
// Nor a developer's sign-up, session or proxy settings: tests that need one set it.
for (const name of ["SIGNUP", "SIGNUP_PER_HOUR", "SESSION_MAX_AGE_DAYS", "TRUST_PROXY"]) delete process.env[name];
