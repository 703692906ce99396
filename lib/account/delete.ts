import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db/client";
import { archivePaths, deleteUserRows, getAccountAuth, hasStravaConnection, type OwnedCounts, ownedCounts } from "@/db/queries/account";
import { ApiError, notFound } from "@/lib/api/errors";
import { archivesDir } from "@/lib/import/archive-import";
import { archiveFilesOf } from "@/lib/import/archive-sweep";
import { errorFields, log } from "@/lib/log";
import type { StravaDeps } from "@/lib/strava/api";
import { disconnectStrava } from "@/lib/strava/disconnect";
import { DELETE_CONFIRMATION_WORD, type DeleteAccountConfirmation } from "@/lib/validation/account";
import { checkPassword } from "./password";

export interface DeleteAccountResult {
  /** What the account held, all of it gone. */
  deleted: OwnedCounts;
  /** Uploaded archives removed from the server's disk (those still waiting for their import). */
  archiveFiles: number;
  /** Whether the account was connected to Strava, and whether Strava confirmed Patella's access is revoked. */
  strava: { connected: boolean; notified: boolean };
}

function confirmationError(path: string, message: string, status: 400 | 403): ApiError {
  return status === 400
    ? new ApiError(400, "bad_request:body", `${path}: ${message}`, [{ path, message }])
    : new ApiError(403, path === "password" ? "forbidden:password" : "forbidden:confirmation", message);
}

/** The runner confirms: their password when they have one, else their email address or the word DELETE. */
async function checkConfirmation(db: Db, account: { email: string | null; passwordHash: string | null }, body: DeleteAccountConfirmation): Promise<void> {
  if (account.passwordHash) {
    if (!body.password) throw confirmationError("password", "Enter your password to delete your account.", 400);
    await checkPassword(db, { email: account.email, passwordHash: account.passwordHash }, body.password, "That password is not right, so nothing was deleted.");
    return;
  }
  const typed = body.confirm?.trim() ?? "";
  if (typed === "") throw confirmationError("confirm", `Type your email address or ${DELETE_CONFIRMATION_WORD} to confirm.`, 400);
  const matches = typed === DELETE_CONFIRMATION_WORD || (account.email !== null && typed.toLowerCase() === account.email.toLowerCase());
  if (!matches) throw confirmationError("confirm", `That is not your email address nor ${DELETE_CONFIRMATION_WORD}, so nothing was deleted.`, 403);
}

/** Removes the archive files under DATA_DIR/archives; a path anywhere else is never touched. */
async function removeArchiveFiles(paths: string[], dataDir: string, userId: string): Promise<number> {
  const dir = archivesDir(dataDir) + path.sep;
  let removed = 0;
  for (const p of paths) {
    const resolved = path.resolve(p);
    if (!resolved.startsWith(dir)) continue;
    try {
      await fs.promises.rm(resolved);
      removed += 1;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") log.warn("could not delete an archive of a deleted account", { userId, ...errorFields(err) });
    }
  }
  return removed;
}

/**
 * Deletes the runner's account and everything in it, once they have confirmed: Patella's access
 * at Strava is revoked first when connected (Strava unreachable: the deletion goes on, and the
 * answer says Strava was not told), then the user row goes in one transaction — every table the
 * runner owns follows by its foreign key (ON DELETE CASCADE), and sign-in attempts and email
 * tokens kept by email go with it — then the archives still waiting on disk. Every session of the
 * runner ends at once: a session is only current while its runner's row (and session version)
 * exists (lib/auth/session-policy.ts), and user ids are random UUIDs, never reused.
 */
/** For `npm run user -- delete`: whoever runs the server's command line confirmed it there. */
export const CONFIRMED_ON_SERVER = Symbol("confirmed on the server's command line");

export async function deleteAccount(
  db: Db,
  userId: string,
  body: DeleteAccountConfirmation | typeof CONFIRMED_ON_SERVER,
  deps: { strava: StravaDeps; dataDir: string },
): Promise<DeleteAccountResult> {
  const account = await getAccountAuth(db, userId);
  if (!account) throw notFound("user");
  if (body !== CONFIRMED_ON_SERVER) await checkConfirmation(db, account, body);

  const [deleted, paths, connected] = await Promise.all([ownedCounts(db, userId), archivePaths(db, userId), hasStravaConnection(db, userId)]);
  let notified = false;
  if (connected) {
    try {
      notified = (await disconnectStrava(deps.strava, userId))?.stravaNotified ?? false;
    } catch (err) {
      // The account goes anyway: the cascade below deletes the connection with its tokens.
      log.warn("could not disconnect Strava before deleting an account", { userId, ...errorFields(err) });
    }
  }
  if (!(await deleteUserRows(db, userId, account.email))) throw notFound("user");
  // Also the runner's uploads that never got a row (a crash mid-upload): they are named after them.
  const archiveFiles = await removeArchiveFiles([...new Set([...paths, ...archiveFilesOf(deps.dataDir, userId)])], deps.dataDir, userId);
  log.info("account deleted", { userId, ...deleted, archiveFiles, stravaConnected: connected, stravaNotified: notified });
  return { deleted, archiveFiles, strava: { connected, notified } };
}
