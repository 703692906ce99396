import fs from "node:fs";
import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import * as activityRoute from "@/app/api/v1/activities/[id]/route";
import * as listRoute from "@/app/api/v1/activities/route";
import { activities } from "@/db/schema";
import { ingestFile } from "@/lib/activities/ingest";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

const fixture = fs.readFileSync("tests/fixtures/gpx/strava-run-hr.gpx");

describeEachDatabase("activities API", ({ db }) => {
  let owner: Awaited<ReturnType<typeof createRunner>>;
  let other: Awaited<ReturnType<typeof createRunner>>;
  let activityId: string;

  beforeAll(async () => {
    owner = await createRunner(db(), { timeZone: "America/Los_Angeles" });
    other = await createRunner(db());
    const result = await ingestFile(db(), { userId: owner.id, timeZone: "America/Los_Angeles", fileName: "a.gpx", bytes: fixture });
    if (result.status !== "imported") throw new Error(`fixture did not import: ${result.status}`);
    activityId = result.activityId;
  });

  it("answers an anonymous caller with 401 JSON", async () => {
    const res = await call(activityRoute.GET, { path: `/api/v1/activities/${activityId}`, params: { id: activityId } });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    const list = await call(listRoute.GET, { path: "/api/v1/activities" });
    expect(list.status).toBe(401);
  });

  it("answers a forged or foreign session cookie with 401", async () => {
    const res = await call(listRoute.GET, { path: "/api/v1/activities", cookie: "authjs.session-token=not-a-real-token" });
    expect(res.status).toBe(401);
  });

  it("gives the owner their activity, with the local date in their time zone", async () => {
    const res = await call(activityRoute.GET, { path: `/api/v1/activities/${activityId}`, params: { id: activityId }, cookie: owner.cookie });
    expect(res.status).toBe(200);
    // Started 2015-01-19T21:24:20Z = 13:24 on 19 January in Los Angeles (UTC-8).
    expect(res.json.activity).toMatchObject({ id: activityId, source: "gpx", sport: "run", localDate: "2015-01-19", startTime: "2015-01-19T21:24:20.000Z" });
    expect(res.json.activity).not.toHaveProperty("userId");
  });

  it("answers another runner asking for it with 404, and does not let them delete it", async () => {
    const res = await call(activityRoute.GET, { path: `/api/v1/activities/${activityId}`, params: { id: activityId }, cookie: other.cookie });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found:activity");
    const del = await call(activityRoute.DELETE, { method: "DELETE", path: `/api/v1/activities/${activityId}`, params: { id: activityId }, cookie: other.cookie });
    expect(del.status).toBe(404);
    const still = await db().select({ id: activities.id }).from(activities).where(eq(activities.id, activityId));
    expect(still).toHaveLength(1);
  });

  it("lists only the caller's own activities", async () => {
    const mine = await call(listRoute.GET, { path: "/api/v1/activities", cookie: owner.cookie });
    expect(mine.status).toBe(200);
    expect(mine.json.total).toBe(1);
    expect(mine.json.items[0].id).toBe(activityId);
    const theirs = await call(listRoute.GET, { path: "/api/v1/activities", cookie: other.cookie });
    expect(theirs.json).toMatchObject({ total: 0, items: [] });
  });

  it("refuses malformed ids and paging with 400", async () => {
    const badId = await call(activityRoute.GET, { path: "/api/v1/activities/123", params: { id: "123" }, cookie: owner.cookie });
    expect(badId.status).toBe(400);
    expect(badId.json.error.code).toBe("bad_request:params");
    const badPage = await call(listRoute.GET, { path: "/api/v1/activities?limit=0", cookie: owner.cookie });
    expect(badPage.status).toBe(400);
    expect(badPage.json.error.code).toBe("bad_request:query");
  });

  it("refuses a cross-site delete (CSRF) with 403 and keeps the activity", async () => {
    const res = await call(activityRoute.DELETE, {
      method: "DELETE",
      path: `/api/v1/activities/${activityId}`,
      params: { id: activityId },
      cookie: owner.cookie,
      origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden:origin");
    const still = await db().select({ id: activities.id }).from(activities).where(eq(activities.id, activityId));
    expect(still).toHaveLength(1);
  });

  it("lets the owner delete it", async () => {
    const del = await call(activityRoute.DELETE, { method: "DELETE", path: `/api/v1/activities/${activityId}`, params: { id: activityId }, cookie: owner.cookie });
    expect(del.status).toBe(204);
    const gone = await call(activityRoute.GET, { path: `/api/v1/activities/${activityId}`, params: { id: activityId }, cookie: owner.cookie });
    expect(gone.status).toBe(404);
  });
});
