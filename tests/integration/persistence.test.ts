import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { DatabaseLockedError, migrateHandle, openPglite } from "@/db/client";
import { users } from "@/db/schema";
import { stretch } from "../support/time-factor";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

function startWriter(dataDir: string, email: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/pglite-writer.ts", dataDir, email], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr!.on("data", (d) => (err += String(d)));
    child.stdout!.on("data", (d) => {
      if (String(d).includes("written")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`writer exited with ${code}: ${err}`)));
  });
}

const exited = (child: ChildProcess) => new Promise((resolve) => child.once("exit", resolve));

async function readEmail(dataDir: string, email: string) {
  const handle = await openPglite({ dataDir });
  try {
    await migrateHandle(handle);
    return await handle.db.select({ name: users.name }).from(users).where(eq(users.email, email));
  } finally {
    await handle.close();
  }
}

describe("embedded database on disk", () => {
  it("keeps data when the process holding it is stopped, and refuses a second opener meanwhile", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-persist-"));
    const child = await startWriter(dir, "stopped@example.test");
    await expect(openPglite({ dataDir: dir })).rejects.toBeInstanceOf(DatabaseLockedError);
    child.kill("SIGTERM");
    await exited(child);
    expect(await readEmail(dir, "stopped@example.test")).toEqual([{ name: "Persisted" }]);
  }, stretch(60_000));

  it("keeps committed data when the process is killed outright, and takes over its stale lock", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-persist-"));
    const child = await startWriter(dir, "killed@example.test");
    child.kill("SIGKILL");
    await exited(child);
    expect(fs.existsSync(path.join(dir, "patella.lock"))).toBe(true);
    expect(await readEmail(dir, "killed@example.test")).toEqual([{ name: "Persisted" }]);
  }, stretch(60_000));

  it("refuses to open the same directory twice in one process", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-persist-"));
    const first = await openPglite({ dataDir: dir });
    try {
      await expect(openPglite({ dataDir: dir })).rejects.toThrow(/already open/);
    } finally {
      await first.close();
    }
    expect(fs.existsSync(path.join(dir, "patella.lock"))).toBe(false);
  }, stretch(60_000));
});
