import { eq } from "drizzle-orm";
import { afterEach, expect, it, vi } from "vitest";
import * as activityRoute from "@/app/api/v1/activities/[id]/route";
import { activities } from "@/db/schema";
import { describeEachDatabase } from "../support/db";
import { call } from "../support/http";
import { BO, connectRunner, drain, startSync, subscribeWebhook, syncWorker, type SyncHarness, type WebhookEndpoint } from "../support/strava-sync";
import { stretch } from "../support/time-factor";

/**
 * A Strava activity the runner edited in Patella keeps the edit when Strava sends an update (the
 * local Strava server delivers the genuine event), until the runner asks for Strava's values again.
 */

vi.setConfig({ testTimeout: stretch(180_000) });

let harness: SyncHarness | undefined;
let endpoint: WebhookEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  await harness?.close();
  endpoint = undefined;
  harness = undefined;
});

describeEachDatabase("Strava updates after an edit", ({ db }) => {
  it("keeps the runner's title and sport through Strava's update, and takes Strava's again on request", async () => {
    harness = await startSync(db());
    const h = harness;
    const { runner } = await connectRunner(h, BO);
    await drain(syncWorker(h));
    endpoint = await subscribeWebhook(h);
    const [target] = await db().select().from(activities).where(eq(activities.userId, runner.id)).limit(1);
    const id = target!.id;
    const patch = (json: unknown) => call(activityRoute.PATCH, { method: "PATCH", path: `/api/v1/activities/${id}`, params: { id }, cookie: runner.cookie, json });

    const edit = await patch({ name: "Hike with the dog", sport: "hike" });
    expect(edit.status).toBe(200);
    expect(edit.json.activity).toMatchObject({ name: "Hike with the dog", sport: "hike", editedFields: ["name", "sport"] });

    // The runner renames it on Strava and calls it a ride there: the event arrives, is confirmed with Strava…
    const change = await h.server.control.updateActivity(Number(target!.sourceRef), { name: "Renamed on Strava", sportType: "Ride" });
    expect(change?.events.map((d) => d.delivered)).toEqual([true]);
    await drain(syncWorker(h));
    // …and the edit stays.
    const [kept] = await db().select().from(activities).where(eq(activities.id, id));
    expect(kept).toMatchObject({ name: "Hike with the dog", sport: "hike", editedFields: ["name", "sport"] });

    // "Use Strava's title and sport again": Strava is asked, and its values come back.
    expect((await patch({ useStravaValues: true })).status).toBe(200);
    await drain(syncWorker(h));
    const [reset] = await db().select().from(activities).where(eq(activities.id, id));
    expect(reset).toMatchObject({ name: "Renamed on Strava", sport: "ride", editedFields: [] });

    // Only the title edited: Strava's sport comes through, the title stays.
    expect((await patch({ name: "My title" })).status).toBe(200);
    await h.server.control.updateActivity(Number(target!.sourceRef), { name: "Strava again", sportType: "Run" });
    await drain(syncWorker(h));
    const [mixed] = await db().select().from(activities).where(eq(activities.id, id));
    expect(mixed).toMatchObject({ name: "My title", sport: "run", editedFields: ["name"] });
  });
});
