import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as unknownRoute from "@/app/api/v1/[...path]/route";
import * as signUpRoute from "@/app/api/v1/auth/sign-up/route";
import { ensurePrivateDir } from "@/db/client";
import { isDatabaseUnavailable, readBodyText } from "@/lib/api/guard";
import { errorFields } from "@/lib/log";
import { call } from "../support/http";

function chunkedRequest(totalBytes: number, chunkBytes = 64 * 1024): Request {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const n = Math.min(chunkBytes, totalBytes - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x20));
    },
  });
  return new Request("http://localhost:3000/api/v1/auth/sign-up", {
    method: "POST",
    headers: { "content-type": "application/json", host: "localhost:3000" },
    body,
    duplex: "half",
  } as RequestInit);
}

describe("request guard", () => {
  it("stops reading an undeclared-length body as soon as it passes the limit", async () => {
    await expect(readBodyText(chunkedRequest(10 * 1024 * 1024), 256 * 1024)).rejects.toMatchObject({ status: 413 });
    expect(await readBodyText(chunkedRequest(1000), 256 * 1024)).toHaveLength(1000);
  });

  it("answers a huge chunked JSON body on a public route with 413, not by reading it all", async () => {
    const res = await signUpRoute.POST(chunkedRequest(50 * 1024 * 1024), { params: Promise.resolve({}) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
  });

  it("answers unknown API paths with JSON 404", async () => {
    const res = await call(unknownRoute.GET, { path: "/api/v1/nope" });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found:route");
  });

  it("never logs the parameters of a failed query", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), { code: "23505" });
    const wrapped = new Error('Failed query: insert into "users" ... \nparams: ada@example.test,scrypt$32768$8$1$secret-salt$secret-hash', { cause });
    const fields = errorFields(wrapped);
    expect(fields).toEqual({ error: "DatabaseError", code: "23505", detail: cause.message });
    expect(JSON.stringify(fields)).not.toContain("secret-hash");
  });

  it("makes the data directory private to its owner", () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "patella-perm-")), "data");
    fs.mkdirSync(dir, { mode: 0o755 });
    ensurePrivateDir(dir);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });
});

describe("isDatabaseUnavailable: connection failures become 503, other database errors stay 500", () => {
  const withCode = (code: string) => Object.assign(new Error("x"), { code });
  it("recognises connection codes anywhere in the cause chain", () => {
    expect(isDatabaseUnavailable(withCode("ECONNREFUSED"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("CONNECTION_CLOSED"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("57P01"))).toBe(true); // admin shutdown
    expect(isDatabaseUnavailable(withCode("08006"))).toBe(true); // connection failure
    expect(isDatabaseUnavailable(new Error("Failed query", { cause: withCode("ECONNRESET") }))).toBe(true);
  });
  it("leaves query errors and anything else alone", () => {
    expect(isDatabaseUnavailable(withCode("23505"))).toBe(false); // unique violation
    expect(isDatabaseUnavailable(withCode("42P01"))).toBe(false); // undefined table
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });
});
