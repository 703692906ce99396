import os from "node:os";
import path from "node:path";
import fs from "node:fs";

// Tests never read a developer's .env or .data: a fixed secret and a throwaway data directory.
process.env.AUTH_SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "patella-test-data-"));
delete process.env.DATABASE_URL;
// Nor a developer's OpenStreetMap endpoint: tests that need one start a local fake and set it.
delete process.env.OSM_OVERPASS_URL;
