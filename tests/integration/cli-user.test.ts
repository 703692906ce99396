import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as settingsRoute from "@/app/api/v1/settings/route";
import * as signUpRoute from "@/app/api/v1/auth/sign-up/route";
import { activities, signInAttempts, users } from "@/db/schema";
import { runUserCli } from "@/lib/account/user-cli";
import { verifyCredentials } from "@/lib/auth/credentials";
import { recordPendingAttempt } from "@/db/queries/sign-in-attempts";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";
import { makeActivityFile } from "../support/activity-files";
import { ingestFile } from "@/lib/activities/ingest";
import { stretch } from "../support/time-factor";

/** `npm run user -- invite|create|reset-password|list|delete`: each command, then the script itself. */

describeEachDatabase("npm run user", ({ db }) => {
  async function run(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runUserCli(argv, {
      db: db(),
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      baseUrl: "https://patella.example.org/",
      dataDir: process.env.DATA_DIR!,
      strava: { db: db(), config: { baseUrl: "http://127.0.0.1:9", clientId: "", clientSecret: "" }, secret: process.env.AUTH_SECRET!, now: () => new Date() },
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  }
  const signsIn = async (email: string, password: string) => (await verifyCredentials(db(), { email, password }, "192.0.2.7")).ok;

  it("create: an account with a generated password, printed once; refused for a taken email", async () => {
    const r = await run("create", "Ada@Example.TEST", "--name", "Ada");
    expect(r.code).toBe(0);
    const password = /Password \(shown once\): (\S+)$/.exec(r.out)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const [row] = await db().select().from(users).where(eq(users.email, "ada@example.test"));
    expect(row?.name).toBe("Ada");
    expect(row?.passwordHash).not.toContain(password!);
    expect(await signsIn("ada@example.test", password!)).toBe(true);

    const again = await run("create", "ada@example.test");
    expect(again.code).toBe(1);
    expect(again.err).toContain("already exists");
    expect((await run("create", "not-an-email")).code).toBe(2);
    expect((await run("create")).code).toBe(2);
  });

  it("invite: prints a single-use sign-up link that the sign-up form takes", async () => {
    const r = await run("invite", "--days", "2", "--note", "for Grace");
    expect(r.code).toBe(0);
    const link = new URL(r.out.trim());
    expect(`${link.origin}${link.pathname}`).toBe("https://patella.example.org/sign-up");
    const code = link.searchParams.get("invite")!;
    expect(code).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(r.err).toContain(`Invitation code: ${code}`);
    // Accounts exist (SIGNUP unset: invite-only), so the code is what lets Grace in, once.
    const signUp = (email: string) => call(signUpRoute.POST, { method: "POST", path: "/api/v1/auth/sign-up", json: { email, password: "grace's long password", invite: code } });
    expect((await signUp("grace@example.test")).status).toBe(202);
    expect(await signsIn("grace@example.test", "grace's long password")).toBe(true);
    expect((await signUp("mallory@example.test")).status).toBe(403);
    // Nonsense options are usage errors.
    expect((await run("invite", "--days", "0")).code).toBe(2);
    expect((await run("invite", "--bogus")).code).toBe(2);
  });

  it("reset-password: a new password, the old one and every session end, and no backoff is left", async () => {
    const runner = await createRunner(db());
    expect((await call(settingsRoute.GET, { path: "/api/v1/settings", cookie: runner.cookie })).status).toBe(200);
    await recordPendingAttempt(db(), { email: runner.email, address: "192.0.2.7", kind: "sign_in" }, new Date());
    const r = await run("reset-password", runner.email);
    expect(r.code).toBe(0);
    const password = /\(shown once\): (\S+)$/.exec(r.out)?.[1];
    expect(password).toBeTruthy();
    expect((await call(settingsRoute.GET, { path: "/api/v1/settings", cookie: runner.cookie })).status).toBe(401);
    expect(await db().select().from(signInAttempts).where(eq(signInAttempts.email, runner.email))).toEqual([]);
    expect(await signsIn(runner.email, password!)).toBe(true);
    expect((await run("reset-password", "nobody@example.test")).code).toBe(1);
  });

  it("list: every account with how it signs in, and the unused invitations", async () => {
    const bare = await createRunner(db());
    const r = await run("list");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d+ accounts? \(sign-up: invite\)$/m);
    expect(r.out).toMatch(/^ada@example\.test\tAda\tsince \d{4}-\d{2}-\d{2}\tpassword$/m);
    expect(r.out).toContain(`${bare.email}\tTest Runner\tsince `);
    expect(r.out.split("\n").find((l) => l.startsWith(bare.email))).toMatch(/\tno sign-in method$/);
    // Grace used hers; the rest are unused.
    expect(r.out).toMatch(/^0 unused invitations$/m);
    await run("invite", "--note", "for Lin");
    expect((await run("list")).out).toMatch(/^1 unused invitation\n.*\tfor Lin$/m);
  });

  it("delete: needs --yes; then the account and all its data go, as from Settings", async () => {
    const runner = await createRunner(db());
    const imported = await ingestFile(db(), { userId: runner.id, timeZone: "UTC", fileName: "run.gpx", bytes: makeActivityFile("gpx", 31, 30) });
    expect(imported.status).toBe("imported");
    const unconfirmed = await run("delete", runner.email);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toContain("--yes");
    expect(await db().select().from(users).where(eq(users.id, runner.id))).toHaveLength(1);

    const r = await run("delete", runner.email, "--yes");
    expect(r.code).toBe(0);
    expect(r.out).toBe(`Deleted ${runner.email}: 1 activities, 0 check-ins, 0 weekly questionnaires, 1 original files.`);
    expect(await db().select().from(users).where(eq(users.id, runner.id))).toEqual([]);
    expect(await db().select().from(activities).where(eq(activities.userId, runner.id))).toEqual([]);
    expect((await call(settingsRoute.GET, { path: "/api/v1/settings", cookie: runner.cookie })).status).toBe(401);
    expect((await run("delete", runner.email, "--yes")).code).toBe(1);
  });

  it("an unknown command or none: usage, exit 2", async () => {
    const unknown = await run("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Usage: npm run user -- <command>");
    expect((await run()).code).toBe(2);
  });
});

describe("scripts/user.ts", () => {
  it("runs against the app's database settings (DATA_DIR), with exit codes", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patella-cli-user-"));
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/user.ts", ...args], {
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", AUTH_URL: "https://patella.example.org" },
        encoding: "utf8",
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const created = cli("create", "cli@example.test");
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^Created cli@example\.test\. Password \(shown once\): \S{20}\n$/);
    const invite = cli("invite");
    expect(invite.code).toBe(0);
    expect(invite.stdout).toMatch(/^https:\/\/patella\.example\.org\/sign-up\?invite=[A-Za-z0-9_-]{24}\n$/);
    const list = cli("list");
    expect(list.stdout).toContain("1 account (sign-up: invite)");
    expect(list.stdout).toContain("1 unused invitation");
    expect(cli().code).toBe(2);
  }, stretch(120_000));
});
