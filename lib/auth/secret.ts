import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { ensurePrivateDir } from "@/db/client";

let cached: string | undefined;

/**
 * AUTH_SECRET from the environment, or else one generated on first start and kept in
 * DATA_DIR/auth-secret (mode 600), so that a zero-configuration install keeps its sessions and
 * encrypted tokens across restarts. A deployment should set its own.
 */
export function getAuthSecret(): string {
  if (cached) return cached;
  const e = env();
  if (e.AUTH_SECRET) return (cached = e.AUTH_SECRET);
  const dir = path.resolve(e.DATA_DIR);
  const file = path.join(dir, "auth-secret");
  ensurePrivateDir(dir);
  try {
    fs.writeFileSync(file, randomBytes(32).toString("base64url") + "\n", { flag: "wx", mode: 0o600 });
    log.info("AUTH_SECRET is not set: generated one and stored it", { file });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  fs.chmodSync(file, 0o600);
  const secret = fs.readFileSync(file, "utf8").trim();
  if (secret.length < 32) {
    throw new Error(`${file} holds a secret shorter than 32 characters: delete it to generate a new one, or set AUTH_SECRET.`);
  }
  return (cached = secret);
}
