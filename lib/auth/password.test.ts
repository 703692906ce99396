import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("hashPassword / verifyPassword", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", stored)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("stores scheme, parameters, a 16-byte salt and a 64-byte key", async () => {
    const [scheme, n, r, p, salt, hash, ...rest] = (await hashPassword("pw")).split("$");
    expect([scheme, n, r, p]).toEqual(["scrypt", "32768", "8", "1"]);
    expect(Buffer.from(salt!, "base64")).toHaveLength(16);
    expect(Buffer.from(hash!, "base64")).toHaveLength(64);
    expect(rest).toEqual([]);
  });

  it("salts each hash: the same password hashes differently twice, and both verify", async () => {
    const a = await hashPassword("same password");
    const b = await hashPassword("same password");
    expect(a).not.toBe(b);
    expect(a.split("$")[4]).not.toBe(b.split("$")[4]);
    expect(await verifyPassword("same password", a)).toBe(true);
    expect(await verifyPassword("same password", b)).toBe(true);
  });

  it("treats Unicode-equivalent passwords alike (NFKC)", async () => {
    const stored = await hashPassword("caf\u00e9"); // é as one code point
    expect(await verifyPassword("cafe\u0301", stored)).toBe(true); // e + combining acute
  });

  it.each([
    ["empty", ""],
    ["not a hash", "not-a-hash"],
    ["other scheme", "bcrypt$2b$10$abcdefghijklmnopqrstuv"],
    ["missing key", "scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA=="],
    ["non-numeric cost", "scrypt$abc$8$1$c2FsdA==$aGFzaA=="],
    ["cost not a power of two", "scrypt$3$8$1$c2FsdA==$aGFzaA=="],
    ["unbounded cost", "scrypt$1073741824$8$1$c2FsdA==$aGFzaA=="],
  ])("returns false for a malformed stored hash (%s)", async (_label, stored) => {
    expect(await verifyPassword("pw", stored)).toBe(false);
  });

  it("returns false when the stored key has the wrong length", async () => {
    const [scheme, n, r, p, salt] = (await hashPassword("pw")).split("$");
    const short = [scheme, n, r, p, salt, Buffer.alloc(32).toString("base64")].join("$");
    expect(await verifyPassword("pw", short)).toBe(false);
  });
});
