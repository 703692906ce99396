import { randomBytes } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { setPasswordHash } from "@/db/queries/account";
import { listInvites } from "@/db/queries/invites";
import { createPasswordUser, getUserByEmail } from "@/db/queries/users";
import { accounts, signInAttempts, users } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { emailSchema } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { configuredSignupMode, createInvite, INVITE_DAYS, signupMode } from "@/lib/auth/sign-up";
import type { StravaDeps } from "@/lib/strava/api";
import { CONFIRMED_ON_SERVER, deleteAccount } from "./delete";

/**
 * `npm run user -- <command>`: invitations and account care from the server's command line, for a
 * self-hoster without email. Run by scripts/user.ts with the app's database settings.
 *
 *   invite [--days N] [--note TEXT]     a single-use sign-up link (and its code), valid N days (7)
 *   create EMAIL [--name NAME]          an account with a generated password, printed once
 *   reset-password EMAIL                a new generated password, printed once; every session ends
 *   list                                the accounts, and the invitations not used yet
 *   delete EMAIL --yes                  the account and all its data, as from Settings
 *
 * Exit code: 0 done, 1 refused (no such account, already exists), 2 usage error.
 */
export const USAGE = `Usage: npm run user -- <command>
  invite [--days N] [--note TEXT]   print a single-use sign-up link (valid ${INVITE_DAYS} days unless --days)
  create EMAIL [--name NAME]        create an account; its password is generated and printed once
  reset-password EMAIL              set a new generated password (printed once); signs the runner out everywhere
  list                              list accounts and unused invitations
  delete EMAIL --yes                delete an account and all its data`;

export interface CliContext {
  db: Db;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Where sign-up links point: AUTH_URL, else http://localhost:PORT. */
  baseUrl: string;
  dataDir: string;
  strava: StravaDeps;
  now?: Date;
}

class UsageError extends Error {}
class Refused extends Error {}

function generatedPassword(): string {
  return randomBytes(15).toString("base64url"); // 20 characters, 120 bits
}

function parse(argv: string[], flags: Record<string, "value" | "switch">): { positional: string[]; values: Record<string, string | true> } {
  const positional: string[] = [];
  const values: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const kind = flags[name];
    if (!kind) throw new UsageError(`Unknown option --${name}.`);
    if (kind === "switch") values[name] = true;
    else {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value.`);
      values[name] = v;
    }
  }
  return { positional, values };
}

function oneEmail(positional: string[]): string {
  if (positional.length !== 1) throw new UsageError("Name one account by its email address.");
  const parsed = emailSchema.safeParse(positional[0]);
  if (!parsed.success) throw new UsageError(`"${positional[0]}" is not an email address.`);
  return parsed.data;
}

async function invite(ctx: CliContext, argv: string[]): Promise<void> {
  const { positional, values } = parse(argv, { days: "value", note: "value" });
  if (positional.length > 0) throw new UsageError("invite takes no arguments besides --days and --note.");
  const days = values.days === undefined ? INVITE_DAYS : Number(values.days);
  if (!Number.isFinite(days) || days <= 0 || days > 365) throw new UsageError("--days must be a number of days between 0 and 365.");
  const note = typeof values.note === "string" ? values.note.slice(0, 200) : null;
  const { code, expiresAt } = await createInvite(ctx.db, { days, note, now: ctx.now });
  ctx.out(`${ctx.baseUrl.replace(/\/+$/, "")}/sign-up?invite=${code}`);
  ctx.err(`Invitation code: ${code} (single use, valid until ${expiresAt.toISOString()}). It is shown only now.`);
  const mode = await signupMode(ctx.db);
  if (mode !== "invite") {
    ctx.err(
      mode === "closed"
        ? "Note: SIGNUP=closed, so nobody can sign up, with or without an invitation. Set SIGNUP=invite."
        : `Note: sign-up is open${configuredSignupMode() ? " (SIGNUP=open)" : " (no account exists yet)"}, so anyone can sign up without an invitation.`,
    );
  }
}

async function create(ctx: CliContext, argv: string[]): Promise<void> {
  const { positional, values } = parse(argv, { name: "value" });
  const email = oneEmail(positional);
  const password = generatedPassword();
  const user = await createPasswordUser(ctx.db, {
    email,
    name: typeof values.name === "string" ? values.name.slice(0, 100) : null,
    passwordHash: await hashPassword(password),
    timeZone: "UTC",
  });
  if (!user) throw new Refused(`An account with ${email} already exists. Use reset-password to give it a new password.`);
  ctx.out(`Created ${email}. Password (shown once): ${password}`);
}

async function resetPassword(ctx: CliContext, argv: string[]): Promise<void> {
  const { positional } = parse(argv, {});
  const email = oneEmail(positional);
  const user = await getUserByEmail(ctx.db, email);
  if (!user) throw new Refused(`No account with ${email}.`);
  const password = generatedPassword();
  await setPasswordHash(ctx.db, user.id, await hashPassword(password)); // also ends every session
  await ctx.db.delete(signInAttempts).where(eq(signInAttempts.email, email)); // no backoff left for the runner
  ctx.out(`New password for ${email} (shown once): ${password}`);
  ctx.err("Every session of this account has ended: it must sign in again.");
}

async function list(ctx: CliContext, argv: string[]): Promise<void> {
  parse(argv, {});
  const rows = await ctx.db
    .select({
      email: users.email,
      name: users.name,
      createdAt: users.createdAt,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      strava: sql<boolean>`exists (select 1 from ${accounts} where ${accounts.userId} = ${users.id} and ${accounts.provider} = 'strava')`,
    })
    .from(users)
    .orderBy(asc(users.createdAt));
  ctx.out(`${rows.length} account${rows.length === 1 ? "" : "s"} (sign-up: ${await signupMode(ctx.db)})`);
  for (const r of rows) {
    const how = [r.hasPassword ? "password" : null, r.strava ? "Strava" : null].filter(Boolean).join(" + ") || "no sign-in method";
    ctx.out(`${r.email ?? "(no email)"}\t${r.name ?? ""}\tsince ${r.createdAt.toISOString().slice(0, 10)}\t${how}`);
  }
  const now = ctx.now ?? new Date();
  const open = (await listInvites(ctx.db)).filter((i) => !i.usedAt && i.expiresAt > now);
  ctx.out(`${open.length} unused invitation${open.length === 1 ? "" : "s"}`);
  for (const i of open) ctx.out(`invitation made ${i.createdAt.toISOString().slice(0, 10)}, valid until ${i.expiresAt.toISOString()}${i.note ? `\t${i.note}` : ""}`);
}

async function remove(ctx: CliContext, argv: string[]): Promise<void> {
  const { positional, values } = parse(argv, { yes: "switch" });
  const email = oneEmail(positional);
  const user = await getUserByEmail(ctx.db, email);
  if (!user) throw new Refused(`No account with ${email}.`);
  if (values.yes !== true) throw new UsageError(`This deletes ${email} and all its data for good. Add --yes to confirm.`);
  const result = await deleteAccount(ctx.db, user.id, CONFIRMED_ON_SERVER, { strava: ctx.strava, dataDir: ctx.dataDir });
  const d = result.deleted;
  ctx.out(`Deleted ${email}: ${d.activities} activities, ${d.checkins} check-ins, ${d.ostrcResponses} weekly questionnaires, ${d.originalFiles} original files.`);
  if (result.strava.connected && !result.strava.notified) ctx.err("Strava could not be told: the runner may revoke Patella's access on Strava's settings page.");
}

const COMMANDS: Record<string, (ctx: CliContext, argv: string[]) => Promise<void>> = {
  invite,
  create,
  "reset-password": resetPassword,
  list,
  delete: remove,
};

/** Runs one command; the exit code. */
export async function runUserCli(argv: string[], ctx: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    (command ? ctx.out : ctx.err)(USAGE);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    ctx.err(`Unknown command "${command}".\n${USAGE}`);
    return 2;
  }
  try {
    await run(ctx, rest);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.err(`${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof Refused || err instanceof ApiError) {
      ctx.err(err.message);
      return 1;
    }
    throw err;
  }
}
