import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { request as playwrightRequest, test, expect } from "@playwright/test";
import { createAccount, signInOverHttp } from "./support/fixtures";
import { fixture } from "./support/gpx";

const PORT = Number(process.env.E2E_RESTART_PORT ?? 3102);
const BASE = `http://127.0.0.1:${PORT}`;

function portOpen(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(PORT, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

async function startApp(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, DATABASE_URL: "", AUTH_SECRET: "" },
    stdio: "ignore",
  });
  for (let i = 0; i < 600 && !(await portOpen()); i++) await new Promise((r) => setTimeout(r, 100));
  return child;
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

test("the embedded database keeps accounts and activities when the app is stopped and started again", async () => {
  test.setTimeout(120_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-restart-"));
  let app = await startApp(dataDir);
  let ctx = await playwrightRequest.newContext({ baseURL: BASE });
  const runner = await createAccount(ctx);
  await signInOverHttp(ctx, runner);
  const upload = await ctx.post("/api/v1/uploads", {
    multipart: { file: { name: "run.gpx", mimeType: "application/gpx+xml", buffer: fixture("garmin-connect-run-hr-2012.gpx") } },
  });
  expect(upload.status()).toBe(201);
  await ctx.dispose();
  // The generated secret is kept in the data directory, readable by its owner only.
  expect(fs.statSync(path.join(dataDir, "auth-secret")).mode & 0o777).toBe(0o600);

  await stop(app, "SIGTERM");
  expect(fs.existsSync(path.join(dataDir, "patella.lock"))).toBe(false);

  app = await startApp(dataDir);
  try {
    ctx = await playwrightRequest.newContext({ baseURL: BASE });
    await signInOverHttp(ctx, runner);
    const list = (await (await ctx.get("/api/v1/activities")).json()) as { total: number; items: { name: string }[] };
    expect(list.total).toBe(1);
    expect(list.items[0]!.name).toBe("Untitled");
    await ctx.dispose();
  } finally {
    await stop(app, "SIGTERM");
  }
});
