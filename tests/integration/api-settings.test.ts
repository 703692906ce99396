import { beforeAll, expect, it } from "vitest";
import * as settingsRoute from "@/app/api/v1/settings/route";
import { describeEachDatabase } from "../support/db";
import { createRunner } from "../support/factories";
import { call } from "../support/http";

describeEachDatabase("settings API", ({ db }) => {
  let runner: Awaited<ReturnType<typeof createRunner>>;
  beforeAll(async () => {
    runner = await createRunner(db());
  });

  const patch = (json: unknown, extra: Partial<Parameters<typeof call>[1]> = {}) =>
    call(settingsRoute.PATCH, { method: "PATCH", path: "/api/v1/settings", cookie: runner.cookie, json, ...extra });

  it("returns the runner's units, time zone and Strava status (never a token)", async () => {
    const res = await call(settingsRoute.GET, { path: "/api/v1/settings", cookie: runner.cookie });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      settings: { name: "Test Runner", email: runner.email, units: "km", timeZone: "UTC", sex: null, hrRest: null, hrMax: null },
      strava: { connected: false },
    });
  });

  it("saves units and time zone", async () => {
    const res = await patch({ units: "mi", timeZone: "Australia/Sydney" });
    expect(res.status).toBe(200);
    expect(res.json.settings).toMatchObject({ units: "mi", timeZone: "Australia/Sydney" });
    const again = await call(settingsRoute.GET, { path: "/api/v1/settings", cookie: runner.cookie });
    expect(again.json.settings).toMatchObject({ units: "mi", timeZone: "Australia/Sydney" });
  });

  it("saves the heart-rate profile used for TRIMP, and clears it", async () => {
    const set = await patch({ sex: "female", hrRest: 48, hrMax: 186 });
    expect(set.status).toBe(200);
    expect(set.json.settings).toMatchObject({ sex: "female", hrRest: 48, hrMax: 186 });
    // Checked against the stored values: with a maximum of 120, a resting rate of 110 sent alone is refused.
    expect((await patch({ hrMax: 120 })).status).toBe(200);
    const alone = await patch({ hrRest: 110 });
    expect(alone.status).toBe(400);
    expect(alone.json.error.message).toContain("hrMax");
    const cleared = await patch({ sex: null, hrRest: null, hrMax: null });
    expect(cleared.json.settings).toMatchObject({ sex: null, hrRest: null, hrMax: null });
  });

  it.each([
    [{ units: "furlongs" }, "units"],
    [{ timeZone: "Mars/Olympus_Mons" }, "timeZone"],
    [{ timeZone: "Europe/Paris'; drop table users; --" }, "timeZone"],
    [{ timeZone: "" }, "timeZone"],
    [{ isAdmin: true }, ""],
    [{ hrRest: 10 }, "hrRest"],
    [{ hrRest: 200 }, "hrRest"],
    [{ hrRest: 60, hrMax: 70 }, "hrMax"],
    [{ sex: "robot" }, "sex"],
  ])("refuses %j with 400 naming the field, and changes nothing", async (body, field) => {
    const res = await patch(body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("bad_request:body");
    if (field) expect(res.json.error.message).toContain(field);
    const after = await call(settingsRoute.GET, { path: "/api/v1/settings", cookie: runner.cookie });
    expect(after.json.settings).toMatchObject({ units: "mi", timeZone: "Australia/Sydney" });
  });

  it("refuses a body that is not JSON, or not declared as JSON", async () => {
    const broken = await call(settingsRoute.PATCH, {
      method: "PATCH",
      path: "/api/v1/settings",
      cookie: runner.cookie,
      body: "{units:",
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe("bad_request:json");
    const form = await call(settingsRoute.PATCH, { method: "PATCH", path: "/api/v1/settings", cookie: runner.cookie, body: "units=km" });
    expect(form.status).toBe(415);
  });

  it("answers 401 to anonymous callers", async () => {
    expect((await call(settingsRoute.GET, { path: "/api/v1/settings" })).status).toBe(401);
    expect((await call(settingsRoute.PATCH, { method: "PATCH", path: "/api/v1/settings", json: { units: "km" } })).status).toBe(401);
  });
});
