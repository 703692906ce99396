import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as activityRoute from "@/app/api/v1/activities/[id]/route";
import * as itemRoute from "@/app/api/v1/checkins/[id]/route";
import * as insightsRoute from "@/app/api/v1/checkins/insights/route";
import * as listRoute from "@/app/api/v1/checkins/route";
import * as guidanceRoute from "@/app/api/v1/guidance/route";
import * as loadRoute from "@/app/api/v1/load/route";
import * as ostrcRoute from "@/app/api/v1/ostrc/route";
import type { Db } from "@/db/client";
import { activities, checkins, ostrcResponses } from "@/db/schema";
import { addDays, localDateOf, mondayOf } from "@/lib/load/weeks";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

type Runner = Awaited<ReturnType<typeof createRunner>>;

const HOUR = 3_600_000;

// ---------------------------------------------------------------------------------------------
// Calls, as a browser would make them (session cookie, same origin).
// ---------------------------------------------------------------------------------------------

const createCheckin = (runner: Runner, json: unknown) => call(listRoute.POST, { method: "POST", path: "/api/v1/checkins", cookie: runner.cookie, json });
const listCheckins = (runner: Runner, query = "") => call(listRoute.GET, { path: `/api/v1/checkins${query}`, cookie: runner.cookie });
const getCheckin = (runner: Runner, id: string) => call(itemRoute.GET, { path: `/api/v1/checkins/${id}`, params: { id }, cookie: runner.cookie });
const patchCheckin = (runner: Runner, id: string, json: unknown) =>
  call(itemRoute.PATCH, { method: "PATCH", path: `/api/v1/checkins/${id}`, params: { id }, cookie: runner.cookie, json });
const deleteCheckin = (runner: Runner, id: string) =>
  call(itemRoute.DELETE, { method: "DELETE", path: `/api/v1/checkins/${id}`, params: { id }, cookie: runner.cookie });
const insights = (runner: Runner, query = "") => call(insightsRoute.GET, { path: `/api/v1/checkins/insights${query}`, cookie: runner.cookie });
const guidance = (runner: Runner) => call(guidanceRoute.GET, { path: "/api/v1/guidance", cookie: runner.cookie });
const ostrc = (runner: Runner) => call(ostrcRoute.GET, { path: "/api/v1/ostrc", cookie: runner.cookie });
const submitOstrc = (runner: Runner, json: unknown) => call(ostrcRoute.POST, { method: "POST", path: "/api/v1/ostrc", cookie: runner.cookie, json });

/** Creates a check-in that must succeed, and returns it. */
async function made(runner: Runner, json: Record<string, unknown>) {
  const res = await createCheckin(runner, json);
  if (res.status !== 201) throw new Error(`check-in not created: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.checkin as { id: string; at: string; localDate: string; rpe: number | null; redFlagsSeenAt: string | null; stoppedRun: boolean };
}

const A_UUID = "00000000-0000-4000-8000-000000000000";

describeEachDatabase("check-ins API", ({ db }) => {
  const rowsOf = async (runner: Runner) => (await db().select({ n: count() }).from(checkins).where(eq(checkins.userId, runner.id)))[0]!.n;
  const rowOf = async (id: string) => (await db().select().from(checkins).where(eq(checkins.id, id)))[0];
  const activityRpe = async (id: string) => (await db().select({ rpe: activities.rpe }).from(activities).where(eq(activities.id, id)))[0]!.rpe;

  describe("create", () => {
    it("reads a time without an offset in the runner's time zone, and fills the defaults", async () => {
      const runner = await createRunner(db(), { timeZone: "Europe/Paris" });
      const res = await createCheckin(runner, { at: "2026-11-20T07:30", pain: 4, timing: "after" });
      expect(res.status).toBe(201);
      expect(res.json.checkin).toMatchObject({
        // 07:30 in Paris in November (CET, UTC+1) is 06:30 UTC.
        at: "2026-11-20T06:30:00.000Z",
        localDate: "2026-11-20",
        localDateTime: "2026-11-20T07:30",
        timeZone: "Europe/Paris",
        pain: 4,
        timing: "after",
        locations: [],
        redFlags: [],
        side: null,
        redFlagsSeenAt: null,
        rpe: null,
        notes: null,
        activity: null,
      });
      expect(res.json.checkin).not.toHaveProperty("userId");
      expect(res.json.checkin.id).toMatch(/^[0-9a-f-]{36}$/);
      // And the row says the same.
      const row = await rowOf(res.json.checkin.id);
      expect(row).toMatchObject({ userId: runner.id, localDate: "2026-11-20", timeZone: "Europe/Paris", pain: 4, locations: [], redFlags: [] });
      expect(row!.at.toISOString()).toBe("2026-11-20T06:30:00.000Z");
    });

    it("reads a time with an offset as that instant, whatever the runner's zone", async () => {
      const runner = await createRunner(db(), { timeZone: "Europe/Paris" });
      const c = await made(runner, { at: "2026-11-20T23:30:00-05:00", pain: 1, timing: "at_rest", locations: ["front", "inside"], side: "left" });
      // 23:30 at UTC−5 is 04:30 UTC the next day, 05:30 in Paris.
      expect(c).toMatchObject({ at: "2026-11-21T04:30:00.000Z", localDate: "2026-11-21", localDateTime: "2026-11-21T05:30", locations: ["front", "inside"], side: "left" });
    });

    it("dates a check-in without a time now", async () => {
      const runner = await createRunner(db(), { timeZone: "Asia/Tokyo" });
      const before = Date.now();
      const c = await made(runner, { pain: 2, timing: "during" });
      const after = Date.now();
      const at = Date.parse(c.at);
      expect(at).toBeGreaterThanOrEqual(before - 1000);
      expect(at).toBeLessThanOrEqual(after + 1000);
      expect(c.localDate).toBe(localDateOf(new Date(at), "Asia/Tokyo"));
    });

    it("lists the runner's check-ins newest first, and only theirs", async () => {
      const runner = await createRunner(db(), { timeZone: "UTC" });
      const other = await createRunner(db());
      const older = await made(runner, { at: "2026-11-01T08:00", pain: 1, timing: "at_rest" });
      const newer = await made(runner, { at: "2026-11-02T08:00", pain: 2, timing: "at_rest" });
      await made(other, { at: "2026-11-03T08:00", pain: 3, timing: "at_rest" });
      const res = await listCheckins(runner);
      expect(res.status).toBe(200);
      expect(res.json.total).toBe(2);
      expect(res.json.items.map((c: { id: string }) => c.id)).toEqual([newer.id, older.id]);
      const page = await listCheckins(runner, "?limit=1&offset=1");
      expect(page.json).toMatchObject({ total: 2, items: [{ id: older.id }] });
      expect((await listCheckins(runner, "?limit=0")).json.error.code).toBe("bad_request:query");
    });
  });

  describe("bad input", () => {
    const nextYear = new Date().getUTCFullYear() + 1;
    const PAIN = /^pain: Pain must be a whole number from 0 to 10\.$/;
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["pain 11", { pain: 11, timing: "after" }, PAIN],
      ["pain -1", { pain: -1, timing: "after" }, PAIN],
      ["pain 2.5", { pain: 2.5, timing: "after" }, PAIN],
      ["pain as a string", { pain: "5", timing: "after" }, PAIN],
      ["no pain at all", { timing: "after" }, PAIN],
      ["an unknown location", { pain: 3, timing: "after", locations: ["ankle"] }, /^locations\.0: Unknown location: choose from front, below_kneecap/],
      ["a location twice", { pain: 3, timing: "after", locations: ["front", "front"] }, /^locations: Choose each location at most once\.$/],
      ["an unknown warning sign", { pain: 3, timing: "after", redFlags: ["bruise"] }, /^redFlags\.0: Unknown warning sign: choose from swelling/],
      ["an unknown timing", { pain: 3, timing: "whenever" }, /^timing: When must be one of during, after, next_morning, at_rest\.$/],
      ["an unknown side", { pain: 3, timing: "after", side: "middle" }, /^side: Side must be left, right or both\.$/],
      ["a date next year", { pain: 3, timing: "after", at: `${nextYear}-01-15T07:00` }, /^at: A check-in cannot be in the future\.$/],
      ["a date before 1990", { pain: 3, timing: "after", at: "1989-12-31T07:00" }, /^at: A check-in cannot be dated before 1990\.$/],
      ["30 February", { pain: 3, timing: "after", at: "2026-02-30T07:00" }, /^at: Give the time as a date and time like 2026-11-24T07:30\.$/],
      ["a date without a time", { pain: 3, timing: "after", at: "2026-02-03" }, /^at: Give the time as a date and time/],
      ["an unknown field", { pain: 3, timing: "after", mood: "grumpy" }, /mood/],
      ["rpe without a run", { pain: 3, timing: "after", rpe: 6 }, /^rpe: Perceived exertion belongs to a run: choose the run it was for\.$/],
      ["rpe 11", { pain: 3, timing: "after", rpe: 11, activityId: A_UUID }, /^rpe: Perceived exertion must be a whole number from 0 to 10\.$/],
      ["an activity id that is not a uuid", { pain: 3, timing: "after", activityId: "42" }, /^activityId: That is not an activity id\.$/],
      ["notes over 1000 characters", { pain: 3, timing: "after", notes: "x".repeat(1001) }, /^notes: Use at most 1000 characters for notes\.$/],
    ];

    it.each(cases)("refuses %s with 400 and writes nothing", async (_name, body, message) => {
      const runner = await createRunner(db(), { timeZone: "Europe/Paris" });
      await made(runner, { pain: 0, timing: "at_rest" });
      expect(await rowsOf(runner)).toBe(1);
      const res = await createCheckin(runner, body);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("bad_request:body");
      expect(res.json.error.message).toMatch(message);
      expect(await rowsOf(runner)).toBe(1);
    });

    it("accepts notes of exactly 1000 characters, and the extremes of the scales", async () => {
      const runner = await createRunner(db());
      const a = await made(runner, { pain: 0, timing: "at_rest", notes: "y".repeat(1000) });
      const b = await made(runner, { pain: 10, timing: "at_rest" });
      expect((await rowOf(a.id))!.notes).toHaveLength(1000);
      expect((await rowOf(b.id))!.pain).toBe(10);
    });

    it("answers another runner's activity id with 404 not_found:activity and writes nothing", async () => {
      const runner = await createRunner(db());
      const other = await createRunner(db());
      const foreign = await insertRun(db(), other, { startTime: new Date(Date.now() - 2 * HOUR) });
      const res = await createCheckin(runner, { pain: 3, timing: "after", activityId: foreign, rpe: 5 });
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found:activity");
      expect(await rowsOf(runner)).toBe(0);
      expect(await activityRpe(foreign)).toBeNull();
      // An id that exists nowhere: the same answer.
      const nowhere = await createCheckin(runner, { pain: 3, timing: "after", activityId: A_UUID });
      expect(nowhere.status).toBe(404);
      expect(nowhere.json.error.code).toBe("not_found:activity");
      expect(await rowsOf(runner)).toBe(0);
    });

    it("answers a body that is not JSON with 400 bad_request:json, and another content type with 415", async () => {
      const runner = await createRunner(db());
      const notJson = await call(listRoute.POST, {
        method: "POST",
        path: "/api/v1/checkins",
        cookie: runner.cookie,
        headers: { "content-type": "application/json" },
        body: "{pain: 3",
      });
      expect(notJson.status).toBe(400);
      expect(notJson.json.error.code).toBe("bad_request:json");
      const form = await call(listRoute.POST, {
        method: "POST",
        path: "/api/v1/checkins",
        cookie: runner.cookie,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "pain=3&timing=after",
      });
      expect(form.status).toBe(415);
      expect(form.json.error.code).toBe("unsupported_media_type");
      const list = await call(listRoute.POST, { method: "POST", path: "/api/v1/checkins", cookie: runner.cookie, json: [{ pain: 3, timing: "after" }] });
      expect(list.status).toBe(400);
      expect(list.json.error.code).toBe("bad_request:body");
      expect(await rowsOf(runner)).toBe(0);
    });

    it("refuses a cross-site POST with 403 and writes nothing", async () => {
      const runner = await createRunner(db());
      const res = await call(listRoute.POST, { method: "POST", path: "/api/v1/checkins", cookie: runner.cookie, json: { pain: 3, timing: "after" }, origin: "https://evil.example" });
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("forbidden:origin");
      expect(await rowsOf(runner)).toBe(0);
    });
  });

  describe("ownership and sign-in", () => {
    it("answers another runner's GET, PATCH and DELETE of a check-in with 404 not_found:checkin, and changes nothing", async () => {
      const owner = await createRunner(db(), { timeZone: "Europe/Paris" });
      const intruder = await createRunner(db());
      const c = await made(owner, { at: "2026-11-20T07:30", pain: 4, timing: "after", notes: "mine" });
      const before = await rowOf(c.id);

      const read = await getCheckin(intruder, c.id);
      expect(read.status).toBe(404);
      expect(read.json.error.code).toBe("not_found:checkin");
      const change = await patchCheckin(intruder, c.id, { pain: 9, notes: "theirs" });
      expect(change.status).toBe(404);
      expect(change.json.error.code).toBe("not_found:checkin");
      const seen = await patchCheckin(intruder, c.id, { redFlagsSeen: true });
      expect(seen.status).toBe(404);
      const del = await deleteCheckin(intruder, c.id);
      expect(del.status).toBe(404);
      expect(del.json.error.code).toBe("not_found:checkin");

      expect(await rowOf(c.id)).toEqual(before);
      expect((await listCheckins(intruder)).json).toMatchObject({ total: 0, items: [] });
      expect((await getCheckin(owner, c.id)).json.checkin).toMatchObject({ id: c.id, pain: 4, notes: "mine" });
    });

    it("answers an id that exists nowhere with 404, and a malformed one with 400 bad_request:params", async () => {
      const runner = await createRunner(db());
      expect((await getCheckin(runner, A_UUID)).json.error.code).toBe("not_found:checkin");
      expect((await patchCheckin(runner, A_UUID, { pain: 1 })).json.error.code).toBe("not_found:checkin");
      expect((await deleteCheckin(runner, A_UUID)).json.error.code).toBe("not_found:checkin");
      for (const res of [await getCheckin(runner, "nope"), await patchCheckin(runner, "nope", { pain: 1 }), await deleteCheckin(runner, "nope")]) {
        expect(res.status).toBe(400);
        expect(res.json.error.code).toBe("bad_request:params");
      }
    });

    it("answers an anonymous caller with 401 on every route, and writes nothing", async () => {
      const owner = await createRunner(db());
      const c = await made(owner, { pain: 4, timing: "after" });
      const id = c.id;
      const anonymous = [
        await call(listRoute.GET, { path: "/api/v1/checkins" }),
        await call(listRoute.POST, { method: "POST", path: "/api/v1/checkins", json: { pain: 3, timing: "after" } }),
        await call(itemRoute.GET, { path: `/api/v1/checkins/${id}`, params: { id } }),
        await call(itemRoute.PATCH, { method: "PATCH", path: `/api/v1/checkins/${id}`, params: { id }, json: { pain: 9 } }),
        await call(itemRoute.DELETE, { method: "DELETE", path: `/api/v1/checkins/${id}`, params: { id } }),
        await call(insightsRoute.GET, { path: "/api/v1/checkins/insights" }),
        await call(ostrcRoute.GET, { path: "/api/v1/ostrc" }),
        await call(ostrcRoute.POST, { method: "POST", path: "/api/v1/ostrc", json: { skipped: true } }),
        await call(guidanceRoute.GET, { path: "/api/v1/guidance" }),
        // A forged cookie is no better.
        await call(itemRoute.GET, { path: `/api/v1/checkins/${id}`, params: { id }, cookie: "authjs.session-token=forged" }),
        // Nor is a malformed id: sign-in comes first.
        await call(itemRoute.GET, { path: "/api/v1/checkins/nope", params: { id: "nope" } }),
      ];
      for (const res of anonymous) {
        expect(res.status).toBe(401);
        expect(res.json).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
      }
      expect(await rowsOf(owner)).toBe(1);
      expect((await rowOf(id))!.pain).toBe(4);
      expect(await db().select().from(ostrcResponses)).toHaveLength(0);
    });
  });

  describe("RPE and session-RPE load", () => {
    it("copies the RPE of the latest check-in that rates a run to the run, and the load report uses it", async () => {
      const runner = await createRunner(db(), { timeZone: "Europe/Paris" });
      const runStart = new Date(Date.now() - 26 * HOUR);
      const run = await insertRun(db(), runner, { startTime: runStart, movingS: 2700, timeZone: "Europe/Paris" }); // 45 minutes
      const session = async () => {
        const res = await call(loadRoute.GET, { path: "/api/v1/load", cookie: runner.cookie });
        expect(res.status).toBe(200);
        return (res.json.sessions as { activityId: string; load: number; method: string }[]).find((s) => s.activityId === run);
      };
      expect(await session()).toEqual({ activityId: run, load: 45, method: "duration" }); // no RPE, no heart rate: 45 minutes

      const first = await made(runner, { at: new Date(runStart.getTime() + 2 * HOUR).toISOString(), pain: 2, timing: "after", activityId: run, rpe: 7 });
      expect(first).toMatchObject({ rpe: 7, activity: { id: run, name: "Easy run" } });
      expect(await activityRpe(run)).toBe(7);
      expect(await session()).toEqual({ activityId: run, load: 315, method: "srpe" }); // 7 × 45 min

      const lower = await patchCheckin(runner, first.id, { rpe: 4 });
      expect(lower.status).toBe(200);
      expect(lower.json.checkin.rpe).toBe(4);
      expect(await activityRpe(run)).toBe(4);
      expect(await session()).toEqual({ activityId: run, load: 180, method: "srpe" }); // 4 × 45

      // A later check-in rating the same run wins while it exists.
      const second = await made(runner, { pain: 1, timing: "next_morning", activityId: run, rpe: 9 });
      expect(await activityRpe(run)).toBe(9);
      expect(await session()).toEqual({ activityId: run, load: 405, method: "srpe" }); // 9 × 45
      // A still later one that does not rate it changes nothing.
      await made(runner, { pain: 0, timing: "at_rest", activityId: run });
      expect(await activityRpe(run)).toBe(9);

      expect((await deleteCheckin(runner, second.id)).status).toBe(204);
      expect(await activityRpe(run)).toBe(4);
      expect(await session()).toEqual({ activityId: run, load: 180, method: "srpe" });

      // Unlinking the run takes the rating with it.
      const unlinked = await patchCheckin(runner, first.id, { activityId: null });
      expect(unlinked.status).toBe(200);
      expect(unlinked.json.checkin).toMatchObject({ activity: null, rpe: null });
      expect((await rowOf(first.id))!.rpe).toBeNull();
      expect(await activityRpe(run)).toBeNull();
      expect(await session()).toEqual({ activityId: run, load: 45, method: "duration" });
    });

    it("moves the rating when a check-in is linked to another run", async () => {
      const runner = await createRunner(db(), { timeZone: "UTC" });
      const a = await insertRun(db(), runner, { startTime: new Date(Date.now() - 30 * HOUR) });
      const b = await insertRun(db(), runner, { startTime: new Date(Date.now() - 6 * HOUR) });
      const c = await made(runner, { pain: 2, timing: "after", activityId: a, rpe: 6 });
      expect([await activityRpe(a), await activityRpe(b)]).toEqual([6, null]);
      const moved = await patchCheckin(runner, c.id, { activityId: b });
      expect(moved.status).toBe(200);
      expect(moved.json.checkin).toMatchObject({ rpe: 6, activity: { id: b } });
      expect([await activityRpe(a), await activityRpe(b)]).toEqual([null, 6]);
      // rpe: null keeps the link and drops the rating.
      await patchCheckin(runner, c.id, { rpe: null });
      expect(await activityRpe(b)).toBeNull();
    });

    it("refuses an RPE for a check-in without a run, and a link to another runner's run", async () => {
      const runner = await createRunner(db());
      const other = await createRunner(db());
      const foreign = await insertRun(db(), other, { startTime: new Date(Date.now() - 3 * HOUR) });
      const c = await made(runner, { pain: 2, timing: "after" });
      const before = await rowOf(c.id);

      const rpe = await patchCheckin(runner, c.id, { rpe: 5 });
      expect(rpe.status).toBe(400);
      expect(rpe.json.error).toMatchObject({ code: "bad_request:body", message: "rpe: Perceived exertion belongs to a run: choose the run it was for." });
      const link = await patchCheckin(runner, c.id, { activityId: foreign, rpe: 5 });
      expect(link.status).toBe(404);
      expect(link.json.error.code).toBe("not_found:activity");

      expect(await rowOf(c.id)).toEqual(before);
      expect(await activityRpe(foreign)).toBeNull();
    });
  });

  describe("warning signs", () => {
    it("stores 'the pain made me stop the run' and books an appointment for it above 5/10", async () => {
      const runner = await createRunner(db(), { timeZone: "Europe/Paris" });
      const c = await made(runner, { pain: 6, timing: "during", stoppedRun: true });
      expect(c.stoppedRun).toBe(true);
      const res = await guidance(runner);
      const faq3 = res.json.rules.find((r: { id: string }) => r.id === "faq-3-when-to-see-a-doctor");
      expect(faq3.result.status).toBe("act");
      expect(faq3.result.value).toBe(`Pain 6/10 during the run on ${c.localDate} made you stop.`);
      expect(faq3.result.explanation).toMatch(/^Book an appointment/);
      expect(res.json.summary.held).toBe(0);
      const insight = await insights(runner);
      expect(insight.json.escalations).toEqual([{ kind: "stopped_run", checkinId: c.id, localDate: c.localDate, pain: 6, reason: faq3.result.value }]);
    });

    it("puts an unseen warning sign first in the guidance until the runner marks it seen, and reopens it for a new sign", async () => {
      const runner = await createRunner(db(), { timeZone: "Europe/Paris" });
      const ruleOf = (rules: { id: string; result: { status: string } }[], id: string) => rules.find((r) => r.id === id)!;

      const calm = await guidance(runner);
      expect(calm.status).toBe(200);
      expect(calm.json.rules[0].id).toBe("treatment-1-rest-and-ice");
      expect(calm.json.openRedFlags).toEqual([]);

      // 3/10 at rest: below the rest-pain escalation (4/10), so only the warning sign speaks.
      const c = await made(runner, { pain: 3, timing: "at_rest", redFlags: ["swelling"] });
      const open = await guidance(runner);
      expect(open.json.rules[0].id).toBe("faq-3-when-to-see-a-doctor");
      expect(open.json.rules[0].result.status).toBe("act");
      expect(open.json.rules[0].result.value).toContain("swelling");
      expect(open.json.rules[1].id).toBe("faq-6-more-serious-condition");
      expect(open.json.rules[2]).toMatchObject({ id: "treatment-1-rest-and-ice", afterWarningSigns: true });
      expect(open.json.openRedFlags).toEqual([{ checkinId: c.id, localDate: c.localDate, redFlags: ["swelling"] }]);
      expect((await insights(runner)).json.openRedFlags).toEqual([{ checkinId: c.id, localDate: c.localDate, redFlags: ["swelling"] }]);

      const before = Date.now();
      const seen = await patchCheckin(runner, c.id, { redFlagsSeen: true });
      expect(seen.status).toBe(200);
      expect(Date.parse(seen.json.checkin.redFlagsSeenAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(seen.json.checkin.redFlags).toEqual(["swelling"]);
      const closed = await guidance(runner);
      expect(closed.json.rules[0].id).toBe("treatment-1-rest-and-ice");
      expect(closed.json.rules[0]).not.toHaveProperty("afterWarningSigns");
      expect(ruleOf(closed.json.rules, "faq-3-when-to-see-a-doctor").result.status).toBe("education");
      expect(closed.json.openRedFlags).toEqual([]);

      // Marking it seen again keeps the first date.
      const again = await patchCheckin(runner, c.id, { redFlagsSeen: true, notes: "physio on Monday" });
      expect(again.json.checkin.redFlagsSeenAt).toBe(seen.json.checkin.redFlagsSeenAt);
      // Editing other fields, or the same signs, does not reopen it.
      const same = await patchCheckin(runner, c.id, { pain: 4, redFlags: ["swelling"] });
      expect(same.json.checkin.redFlagsSeenAt).toBe(seen.json.checkin.redFlagsSeenAt);

      // A new sign has not been seen by anyone yet.
      const worse = await patchCheckin(runner, c.id, { redFlags: ["swelling", "locking"] });
      expect(worse.status).toBe(200);
      expect(worse.json.checkin.redFlagsSeenAt).toBeNull();
      expect((await rowOf(c.id))!.redFlagsSeenAt).toBeNull();
      const reopened = await guidance(runner);
      expect(reopened.json.rules[0]).toMatchObject({ id: "faq-3-when-to-see-a-doctor", result: { status: "act" } });
      expect(reopened.json.openRedFlags).toEqual([{ checkinId: c.id, localDate: c.localDate, redFlags: ["swelling", "locking"] }]);

      // redFlagsSeen: false reopens explicitly.
      await patchCheckin(runner, c.id, { redFlagsSeen: true });
      const unseen = await patchCheckin(runner, c.id, { redFlagsSeen: false });
      expect(unseen.json.checkin.redFlagsSeenAt).toBeNull();
    });
  });

  describe("edit and delete", () => {
    it("changes the fields sent and keeps the others", async () => {
      const runner = await createRunner(db(), { timeZone: "Europe/Paris" });
      const c = await made(runner, { at: "2026-11-20T07:30", pain: 6, timing: "during", locations: ["front"], side: "right" });
      const res = await patchCheckin(runner, c.id, { pain: 3, notes: "  eased off after 2 km \u0007 " });
      expect(res.status).toBe(200);
      expect(res.json.checkin).toMatchObject({
        id: c.id,
        pain: 3,
        notes: "eased off after 2 km", // control characters and outer spaces removed
        timing: "during",
        locations: ["front"],
        side: "right",
        at: "2026-11-20T06:30:00.000Z",
      });
      expect(await rowOf(c.id)).toMatchObject({ pain: 3, notes: "eased off after 2 km", timing: "during", side: "right" });
      expect((await getCheckin(runner, c.id)).json.checkin).toMatchObject({ pain: 3, notes: "eased off after 2 km" });
    });

    it("reads an edited time in the check-in's own zone and moves its date", async () => {
      const runner = await createRunner(db(), { timeZone: "Europe/Paris" });
      const c = await made(runner, { at: "2026-11-20T07:30", pain: 2, timing: "after" });
      const res = await patchCheckin(runner, c.id, { at: "2026-11-19T00:15" });
      // 00:15 in Paris on 19 November is 23:15 UTC on the 18th; the date is the Paris one.
      expect(res.json.checkin).toMatchObject({ at: "2026-11-18T23:15:00.000Z", localDate: "2026-11-19", localDateTime: "2026-11-19T00:15" });
      const future = await patchCheckin(runner, c.id, { at: `${new Date().getUTCFullYear() + 1}-01-01T10:00` });
      expect(future.status).toBe(400);
      expect(future.json.error.message).toBe("at: A check-in cannot be in the future.");
      expect((await rowOf(c.id))!.localDate).toBe("2026-11-19");
    });

    it("refuses an empty or unknown change with 400 and changes nothing", async () => {
      const runner = await createRunner(db());
      const c = await made(runner, { pain: 2, timing: "after" });
      const before = await rowOf(c.id);
      const empty = await patchCheckin(runner, c.id, {});
      expect(empty.status).toBe(400);
      expect(empty.json.error).toMatchObject({ code: "bad_request:body", message: "Send at least one field to change." });
      for (const body of [{ pain: 11 }, { userId: "someone" }, { redFlagsSeen: "yes" }, { locations: ["front", "front"] }]) {
        const res = await patchCheckin(runner, c.id, body);
        expect(res.status).toBe(400);
        expect(res.json.error.code).toBe("bad_request:body");
      }
      expect(await rowOf(c.id)).toEqual(before);
    });

    it("deletes with 204, after which the check-in is gone", async () => {
      const runner = await createRunner(db());
      const c = await made(runner, { pain: 2, timing: "after" });
      const del = await deleteCheckin(runner, c.id);
      expect(del.status).toBe(204);
      expect(del.json).toBeNull();
      const gone = await getCheckin(runner, c.id);
      expect(gone.status).toBe(404);
      expect(gone.json.error.code).toBe("not_found:checkin");
      expect(await rowsOf(runner)).toBe(0);
      expect((await deleteCheckin(runner, c.id)).status).toBe(404);
    });

    it("keeps a check-in when its run is deleted, unlinked", async () => {
      const runner = await createRunner(db());
      const run = await insertRun(db(), runner, { startTime: new Date(Date.now() - 5 * HOUR) });
      const c = await made(runner, { pain: 3, timing: "after", activityId: run });
      expect((await getCheckin(runner, c.id)).json.checkin.activity).toEqual({ id: run, name: "Easy run" });
      const del = await call(activityRoute.DELETE, { method: "DELETE", path: `/api/v1/activities/${run}`, params: { id: run }, cookie: runner.cookie });
      expect(del.status).toBe(204);
      const after = await getCheckin(runner, c.id);
      expect(after.status).toBe(200);
      expect(after.json.checkin).toMatchObject({ id: c.id, pain: 3, activity: null });
      expect((await rowOf(c.id))!.activityId).toBeNull();
    });

    it("drops the effort rating with the run it rated, and leaves other ratings alone", async () => {
      const runner = await createRunner(db());
      const rated = await insertRun(db(), runner, { startTime: new Date(Date.now() - 30 * HOUR) });
      const kept = await insertRun(db(), runner, { startTime: new Date(Date.now() - 5 * HOUR) });
      const gone = await made(runner, { pain: 2, timing: "after", activityId: rated, rpe: 6 });
      const stays = await made(runner, { pain: 1, timing: "after", activityId: kept, rpe: 3 });
      const del = await call(activityRoute.DELETE, { method: "DELETE", path: `/api/v1/activities/${rated}`, params: { id: rated }, cookie: runner.cookie });
      expect(del.status).toBe(204);
      expect((await rowOf(gone.id))).toMatchObject({ activityId: null, rpe: null, pain: 2 });
      expect((await rowOf(stays.id))).toMatchObject({ activityId: kept, rpe: 3 });
      expect(await activityRpe(kept)).toBe(3);
    });

    it("stores blank notes as no notes", async () => {
      const runner = await createRunner(db());
      const c = await made(runner, { pain: 1, timing: "at_rest", notes: "   " });
      expect((await rowOf(c.id))!.notes).toBeNull();
    });
  });

  describe("insights", () => {
    it("are cached for the default range but never stale: a check-in change or an answered questionnaire shows at once", async () => {
      const runner = await createRunner(db());
      const first = await insights(runner);
      expect(first.json.daily).toEqual([]);
      expect(first.json.ostrc.due).toBe(true);
      const c = await made(runner, { pain: 4, timing: "at_rest" });
      const second = await insights(runner);
      expect(second.json.daily).toHaveLength(1);
      expect(second.json.daily[0].pain).toBe(4);
      await patchCheckin(runner, c.id, { pain: 6 });
      expect((await insights(runner)).json.daily[0].pain).toBe(6);
      expect((await submitOstrc(runner, { skipped: true })).status).toBe(200);
      expect((await insights(runner)).json.ostrc.due).toBe(false);
      await deleteCheckin(runner, c.id);
      expect((await insights(runner)).json.daily).toEqual([]);
    });

    it("reads the days, the ongoing episode and the pain-monitoring model from recent check-ins", async () => {
      const tz = "America/New_York";
      const runner = await createRunner(db(), { timeZone: tz });
      // Today's check-in first (dated now): its date is the runner's today, even a second before midnight.
      const now = await made(runner, { pain: 3, timing: "at_rest" });
      const today = now.localDate;
      const day = (n: number, time: string) => `${addDays(today, -n)}T${time}`;
      const week2 = await made(runner, { at: day(8, "08:00"), pain: 1, timing: "at_rest" });
      await made(runner, { at: day(3, "08:00"), pain: 3, timing: "at_rest" });
      await made(runner, { at: day(2, "08:00"), pain: 4, timing: "next_morning" });
      const over5 = await made(runner, { at: day(2, "19:00"), pain: 6, timing: "after" });
      await made(runner, { at: day(1, "08:00"), pain: 4, timing: "at_rest" });
      // Another runner's pain is not read.
      const other = await createRunner(db(), { timeZone: tz });
      await made(other, { at: day(5, "08:00"), pain: 9, timing: "after" });

      const res = await insights(runner);
      expect(res.status).toBe(200);
      const body = res.json;
      expect(body.today).toBe(today);
      expect(body.to).toBe(today);
      expect(body.from).toBe(addDays(mondayOf(today), -77)); // 12 weeks: the Monday 11 weeks before this week's
      expect(body.checkins).toBe(6);
      // Highest pain per day; two check-ins two days ago (4 in the morning, 6 after the run).
      expect(body.daily).toEqual([
        { date: addDays(today, -8), pain: 1, checkins: 1 },
        { date: addDays(today, -3), pain: 3, checkins: 1 },
        { date: addDays(today, -2), pain: 6, checkins: 2 },
        { date: addDays(today, -1), pain: 4, checkins: 1 },
        { date: today, pain: 3, checkins: 1 },
      ]);
      // Days with pain ≥ 3 from today−3 to today, one after the other: one episode, still going.
      // The day at 1/10 a week earlier is below the threshold and starts nothing.
      expect(body.episodes).toEqual([{ start: addDays(today, -3), end: today, painfulDays: 4, peakPain: 6, ongoing: true }]);
      // Pain model over today−6..today (5 check-ins, highest 6):
      // - R-PAIN-1: 6/10 after a run is above 5 → over_5_with_running;
      // - R-PAIN-2: the next-morning check-in has no run before it → nothing;
      // - R-PAIN-3: median of the last 7 days [3,3,4,4,6] = 4, of the 7 before [1] = 1: a rise of 3 ≥ 1;
      //   the 7 days before those have nothing, so one rise only.
      // A break other than the weekly rise → reduce_load.
      expect(body.painModel).toMatchObject({ status: "reduce_load", checkins: 5, highestPain: 6 });
      expect(body.painModel.breaks).toEqual([
        expect.objectContaining({ kind: "over_5_with_running", checkinId: over5.id, localDate: addDays(today, -2), pain: 6, comparedWith: 5 }),
        expect.objectContaining({ kind: "rising_week_to_week", checkinId: now.id, localDate: today, pain: 4, comparedWith: 1 }),
      ]);
      // Return to run: first week of the episode and last 7 days both have daily pains [3,6,4,3]: median 3.5.
      expect(body.returnToRun).toMatchObject({ daysSinceStart: 3, firstWeekMedian: 3.5, lastWeekMedian: 3.5, trend: "unchanged", runsSince: 0, distanceSinceM: 0 });
      expect(body.openRedFlags).toEqual([]);
      expect(body.ostrc).toMatchObject({ currentWeek: mondayOf(today), due: true, history: [], substantialStreak: 0 });

      // A narrower range: only the days in it, but the episode keeps its start.
      const narrow = await insights(runner, `?from=${addDays(today, -1)}&to=${today}`);
      expect(narrow.status).toBe(200);
      expect(narrow.json.from).toBe(mondayOf(addDays(today, -1)));
      expect(narrow.json.episodes).toEqual(body.episodes);
      expect(week2.localDate).toBe(addDays(today, -8));
    });

    it("only watches when the one break is a single week-to-week rise", async () => {
      const runner = await createRunner(db(), { timeZone: "UTC" });
      const now = await made(runner, { pain: 2, timing: "at_rest" });
      const today = now.localDate;
      await made(runner, { at: `${addDays(today, -9)}T08:00`, pain: 1, timing: "at_rest" });
      await made(runner, { at: `${addDays(today, -2)}T08:00`, pain: 2, timing: "at_rest" });
      const res = await insights(runner);
      // Medians: last 7 days [2,2] = 2, the 7 before [1] = 1: one rise of 1 → watch. No episode (no day ≥ 3).
      expect(res.json.painModel).toMatchObject({ status: "watch", checkins: 2, highestPain: 2, breaks: [{ kind: "rising_week_to_week", pain: 2, comparedWith: 1 }] });
      expect(res.json.episodes).toEqual([]);
      expect(res.json.returnToRun).toBeNull();
    });

    it("has nothing to say without check-ins", async () => {
      const runner = await createRunner(db());
      const res = await insights(runner);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ checkins: 0, daily: [], episodes: [], returnToRun: null, openRedFlags: [] });
      expect(res.json.painModel).toEqual({ status: "not_enough_data", breaks: [], checkins: 0, highestPain: null });
    });

    it("answers bad ranges with 400 bad_request:query", async () => {
      const runner = await createRunner(db());
      for (const query of ["?from=2026-02-30", "?from=yesterday", "?from=2026-02-01&to=2026-01-01", "?from=2000-01-03&to=2026-01-01", "?from=1990-01-01", "?from=2099-01-05"]) {
        const res = await insights(runner, query);
        expect(res.status, query).toBe(400);
        expect(res.json.error.code, query).toBe("bad_request:query");
      }
    });
  });

  describe("OSTRC-O2 questionnaire", () => {
    it("is due once a week, scores the answers and replaces them when answered again", async () => {
      const tz = "Pacific/Auckland";
      const runner = await createRunner(db(), { timeZone: tz });
      const rows = async () => db().select().from(ostrcResponses).where(eq(ostrcResponses.userId, runner.id));
      const week = mondayOf(localDateOf(new Date(), tz));

      const due = await ostrc(runner);
      expect(due.status).toBe(200);
      expect(due.json).toMatchObject({ weekStart: week, due: true, thisWeek: null });
      expect(due.json.questions).toHaveLength(4);
      expect(due.json.questions.map((q: { id: string }) => q.id)).toEqual(["participation", "training", "performance", "pain"]);

      const answered = await submitOstrc(runner, { answers: [1, 2, 0, 1] });
      expect(answered.status).toBe(200);
      // Options → points 0, 8, 17, 25: 8 + 17 + 0 + 8 = 33; "moderate" training reduction (17) is substantial.
      expect(answered.json).toEqual({ weekStart: week, skipped: false, points: [8, 17, 0, 8], severity: 33, problem: true, substantial: true });
      expect((await ostrc(runner)).json).toMatchObject({
        due: false,
        thisWeek: { weekStart: week, skipped: false, answers: [1, 2, 0, 1], severity: 33, substantial: true },
      });
      const seen = await insights(runner);
      expect(seen.json.ostrc).toMatchObject({ currentWeek: week, due: false, substantialStreak: 1, history: [{ weekStart: week, severity: 33 }] });

      // Full participation without problems ends the questionnaire: the other answers score nothing.
      const replaced = await submitOstrc(runner, { answers: [0, 3, 3, 3] });
      expect(replaced.json).toEqual({ weekStart: week, skipped: false, points: [0, 0, 0, 0], severity: 0, problem: false, substantial: false });
      const one = await rows();
      expect(one).toHaveLength(1);
      expect(one[0]).toMatchObject({ weekStart: week, skipped: false, answers: [0, 3, 3, 3], severity: 0, substantial: false });

      const skipped = await submitOstrc(runner, { skipped: true });
      expect(skipped.status).toBe(200);
      expect(skipped.json).toEqual({ weekStart: week, skipped: true });
      expect((await ostrc(runner)).json).toMatchObject({ due: false, thisWeek: { weekStart: week, skipped: true, answers: null, severity: null, substantial: null } });
      expect(await rows()).toHaveLength(1);
      expect((await insights(runner)).json.ostrc).toMatchObject({ due: false, history: [], substantialStreak: 0 });
    });

    it("refuses answers that are not four options from 0 to 3, and writes nothing", async () => {
      const runner = await createRunner(db());
      for (const body of [{ answers: [4, 0, 0, 0] }, { answers: [1, 1, 1] }, { answers: [1, 1, 1, 1, 1] }, { answers: [1, -1, 0, 0] }, { answers: [1, 1.5, 0, 0] }, { skipped: false }, {}, { answers: [1, 1, 1, 1], skipped: true }]) {
        const res = await submitOstrc(runner, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.json.error.code).toBe("bad_request:body");
        expect(res.json.error.message.length).toBeGreaterThan(0);
      }
      expect(await db().select().from(ostrcResponses).where(eq(ostrcResponses.userId, runner.id))).toHaveLength(0);
      expect((await ostrc(runner)).json.due).toBe(true);
    });

    it("keeps each runner's questionnaire to themselves", async () => {
      const a = await createRunner(db());
      const b = await createRunner(db());
      await submitOstrc(a, { answers: [3, 0, 0, 0] });
      expect((await ostrc(a)).json.due).toBe(false);
      expect((await ostrc(b)).json).toMatchObject({ due: true, thisWeek: null });
    });
  });
});

/** A 9 km run of `movingS` seconds (45 minutes by default), inserted as the load tests do. */
async function insertRun(
  db: Db,
  runner: Runner,
  { startTime, movingS = 2700, timeZone = "UTC" }: { startTime: Date; movingS?: number; timeZone?: string },
): Promise<string> {
  const tz = timeZone;
  const [row] = await db
    .insert(activities)
    .values({
      userId: runner.id,
      source: "manual",
      sourceRef: `run-${startTime.getTime()}-${Math.random().toString(36).slice(2)}`,
      sport: "run",
      name: "Easy run",
      startTime,
      localDate: localDateOf(startTime, tz),
      timeZone: tz,
      distanceM: 9000,
      movingS,
      elapsedS: movingS + 60,
    })
    .returning({ id: activities.id });
  return row!.id;
}
