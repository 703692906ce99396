import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { stravaConnections } from "@/db/schema";
import { stravaStatus } from "@/lib/strava/status";
import { readStravaTokens, storeStravaTokens } from "@/lib/strava/tokens";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";

const SECRET = process.env.AUTH_SECRET!;

describeEachDatabase("Strava tokens at rest", ({ db }) => {
  it("are stored encrypted, read back with the secret, and replaced atomically by newer ones", async () => {
    const runner = await createRunner(db());
    const stored = await storeStravaTokens(db(), SECRET, runner.id, {
      providerAccountId: "1234567",
      access_token: "access-one-abcdef",
      refresh_token: "refresh-one-abcdef",
      expires_at: 1_900_000_000,
    });
    expect(stored).toBe(true);
    const [raw] = await db().select().from(stravaConnections).where(eq(stravaConnections.userId, runner.id));
    expect(raw!.accessTokenEnc).not.toContain("access-one");
    expect(raw!.refreshTokenEnc).not.toContain("refresh-one");
    expect(raw!.accessTokenEnc).toMatch(/^v1:/);
    expect(raw!.expiresAt.toISOString()).toBe(new Date(1_900_000_000 * 1000).toISOString());

    await storeStravaTokens(db(), SECRET, runner.id, {
      providerAccountId: "1234567",
      access_token: "access-two",
      refresh_token: "refresh-two",
      expires_at: 1_900_021_600,
    });
    expect(await readStravaTokens(db(), SECRET, runner.id)).toMatchObject({
      athleteId: 1234567,
      accessToken: "access-two",
      refreshToken: "refresh-two",
    });
    expect(await db().select().from(stravaConnections).where(eq(stravaConnections.userId, runner.id))).toHaveLength(1);
    expect(await stravaStatus(db(), runner.id)).toMatchObject({ connected: true, athleteId: 1234567 });
    await expect(readStravaTokens(db(), "another-secret-of-at-least-32-characters", runner.id)).rejects.toThrow();
  });

  it("stores nothing when the sign-in carried no tokens", async () => {
    const runner = await createRunner(db());
    expect(await storeStravaTokens(db(), SECRET, runner.id, { providerAccountId: "99" })).toBe(false);
    expect(await stravaStatus(db(), runner.id)).toEqual({ connected: false });
  });
});
