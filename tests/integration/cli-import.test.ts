import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeActivityFile } from "../support/activity-files";
import { makeArchive } from "../support/make-archive";
import { stretch } from "../support/time-factor";

function runImport(dataDir: string, args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/import.ts", ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run import", () => {
  it("imports a folder for a new runner, then recognises every file, with JSON lines for scripts", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-cli-"));
    const unknown = runImport(dataDir, ["--user", "cli@example.test", "tests/fixtures/gpx/strava-run-hr.gpx"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--create-user");

    const first = runImport(dataDir, ["--user", "cli@example.test", "--create-user", "tests/fixtures/gpx"]);
    // 14 fixtures: 5 recorded runs and a TCX saved as .gpx (read by its content) imported; 8 refused
    // (routes, waypoints, hostile, broken, no times, 1901 clock).
    expect(first.stdout).toMatch(/14 files in [\d.]+ s: 6 imported, 0 already imported, 8 refused\./);
    expect(first.stderr).toMatch(/their password \(shown once\): \S{16}/);
    expect(first.stderr).toContain("refused: tests/fixtures/gpx/hostile-xxe.gpx: ");
    expect(first.code).toBe(1); // some files were refused

    const again = runImport(dataDir, ["--user", "cli@example.test", "--json", "tests/fixtures/gpx/strava-run-hr.gpx", "tests/fixtures/gpx/hostile-xxe.gpx"]);
    const lines = again.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ file: "tests/fixtures/gpx/strava-run-hr.gpx", status: "duplicate", error: null });
    expect(lines[0]!.activityId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines[1]).toMatchObject({ status: "refused", activityId: null, distanceM: null });
    expect(String(lines[1]!.error)).toContain("refused for safety");
    expect(again.code).toBe(1);
  }, stretch(60_000));

  it("imports a Strava export archive, then finds every activity already there", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-cli-"));
    const zip = path.join(dataDir, "export.zip");
    await makeArchive(zip, {
      activities: (["gpx", "tcx", "fit", "gpx"] as const).map((format, i) => ({ id: 700 + i, format, gz: i % 2 === 1, bytes: makeActivityFile(format, 100 + i, 40) })),
      extraEntries: [{ name: "../../etc/passwd", bytes: "x" }],
    });
    const first = runImport(dataDir, ["--user", "zip@example.test", "--create-user", "--json", zip]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout.trim())).toMatchObject({ status: "done", total: 4, imported: 4, duplicates: 0, failed: 0, skipped: 1 });
    const again = runImport(dataDir, ["--user", "zip@example.test", zip]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("0 imported, 4 already imported, 0 refused, 1 skipped of 4 files");
    expect(fs.existsSync(zip)).toBe(true); // the runner's own file is left alone
  }, stretch(60_000));

  it("prints the figures of each imported file as JSON", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-cli-"));
    const r = runImport(dataDir, ["--user", "json@example.test", "--create-user", "--json", "tests/fixtures/gpx/garmin-connect-run-hr-2012.gpx"]);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout.trim()) as Record<string, number | string | null>;
    // gpxpy: start 2012-10-24T23:29:40Z, 3102.0 m (ours 0.11% shorter: mean Earth radius), 948 s moving, 948 s elapsed.
    expect(line).toMatchObject({ status: "imported", sport: "run", startTime: "2012-10-24T23:29:40.000Z", movingS: 948, elapsedS: 948, error: null });
    expect(line.distanceM as number).toBeCloseTo(3102 * (1 - 0.00112), -1);
    expect(line.avgHr).not.toBeNull();
  }, stretch(60_000));

  it("refuses to run while another process holds the embedded database", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-cli-"));
    fs.writeFileSync(path.join(dataDir, "patella.lock"), `${process.pid}:someone-else`);
    const r = runImport(dataDir, ["--user", "x@example.test", "--create-user", "tests/fixtures/gpx/strava-run-hr.gpx"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`already open in another Patella process (pid ${process.pid})`);
  }, stretch(60_000));
});
