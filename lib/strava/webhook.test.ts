import { describe, expect, it } from "vitest";
import { sameSecret, webhookCallbackPath, webhookPathSecret } from "./webhook";

describe("the webhook's secret path", () => {
  const authSecret = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

  it("is HMAC-SHA256(AUTH_SECRET, 'patella:strava-webhook-path:' + STRAVA_VERIFY_TOKEN) in base64url", () => {
    // openssl dgst -sha256 -hmac "$AUTH_SECRET" -binary <<< -n "patella:strava-webhook-path:patella-test-verify-token" | base64url
    expect(webhookPathSecret(authSecret, "patella-test-verify-token")).toBe("Ed-_eOkLKvcbFlx4AyWksNiCw9Ga9k01RnnrVwkflU8");
    expect(webhookCallbackPath("abc")).toBe("/api/strava/webhook/abc");
  });

  it("changes with either secret, and is absent without a verify token", () => {
    const base = webhookPathSecret(authSecret, "patella-test-verify-token");
    expect(webhookPathSecret(authSecret, "patella-test-verify-tokem")).not.toBe(base);
    expect(webhookPathSecret(`${authSecret}x`, "patella-test-verify-token")).not.toBe(base);
    expect(webhookPathSecret(authSecret, undefined)).toBeNull();
    expect(webhookPathSecret(authSecret, "")).toBeNull();
  });

  it("compares exactly, whatever the lengths", () => {
    expect(sameSecret("abc", "abc")).toBe(true);
    for (const other of ["abd", "ab", "abcd", "", "ABC"]) expect(sameSecret(other, "abc")).toBe(false);
  });
});
