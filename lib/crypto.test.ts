import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./crypto";

const SECRET = "a-test-secret-of-at-least-32-characters!";
const OTHER = "another-secret-of-at-least-32-characters";

/** Flip the lowest bit of the first byte of one base64url part of the payload. */
function tamper(payload: string, part: 1 | 2 | 3): string {
  const parts = payload.split(":");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[0] = bytes[0]! ^ 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(":");
}

describe("encryptSecret / decryptSecret", () => {
  it("round-trips ASCII and non-ASCII text", () => {
    for (const text of ["strava-refresh-token-123", "clé 🔑 ключ", ""]) {
      expect(decryptSecret(encryptSecret(text, SECRET), SECRET)).toBe(text);
    }
  });

  it("writes v1:<iv>:<tag>:<ciphertext> without the plaintext", () => {
    const payload = encryptSecret("strava-refresh-token-123", SECRET);
    const [version, iv, tag, ct] = payload.split(":");
    expect(version).toBe("v1");
    expect(Buffer.from(iv!, "base64url")).toHaveLength(12); // 96-bit GCM nonce
    expect(Buffer.from(tag!, "base64url")).toHaveLength(16); // 128-bit tag
    expect(Buffer.from(ct!, "base64url")).toHaveLength(24); // GCM adds no padding: 24 bytes in, 24 out
    expect(payload).not.toContain("strava-refresh-token");
  });

  it("gives a different ciphertext each time (random IV)", () => {
    const a = encryptSecret("same token", SECRET);
    const b = encryptSecret("same token", SECRET);
    expect(a).not.toBe(b);
    expect(a.split(":")[1]).not.toBe(b.split(":")[1]);
    expect(decryptSecret(a, SECRET)).toBe(decryptSecret(b, SECRET));
  });

  it("fails with the wrong secret", () => {
    const payload = encryptSecret("token", SECRET);
    expect(() => decryptSecret(payload, OTHER)).toThrow();
  });

  it.each([1, 2, 3] as const)("fails when part %i (iv, tag, ciphertext) is tampered with", (part) => {
    const payload = encryptSecret("token", SECRET);
    expect(() => decryptSecret(tamper(payload, part), SECRET)).toThrow();
  });

  it("refuses an unknown format", () => {
    const payload = encryptSecret("token", SECRET);
    expect(() => decryptSecret(payload.replace(/^v1:/, "v2:"), SECRET)).toThrow(/Unrecognised/);
    expect(() => decryptSecret("not encrypted", SECRET)).toThrow(/Unrecognised/);
  });
});
