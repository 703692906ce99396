import { randomBytes } from "node:crypto";
import type { ActivityRecord } from "./activities";
import type { FaultError } from "./http";
import { hasScope } from "./oauth";
import { isoSeconds } from "./time";
import type { PushSubscriptionJson, WebhookEventJson } from "./types";

/**
 * Push subscriptions (§5 of the reference): one per application; creating one validates the
 * callback with a GET (hub.mode=subscribe, hub.challenge, hub.verify_token) that must answer 200
 * within 2 s echoing {"hub.challenge": …}. Events are POSTed as JSON; anything but a 200 within
 * 2 s is retried, up to 3 attempts in all (Strava was seen retrying about 2 minutes later; the
 * delay is an option so tests need not wait).
 */

export interface Subscription {
  id: number;
  callbackUrl: string;
  verifyToken: string;
  createdAt: number;
}

export interface DeliveryAttempt {
  /** Server clock (epoch seconds) when it was sent. */
  at: number;
  /** HTTP status of the callback's answer, or null when it failed or timed out. */
  status: number | null;
  error?: string;
}

export interface Delivery {
  event: WebhookEventJson;
  attempts: DeliveryAttempt[];
  delivered: boolean;
}

export interface WebhookOptions {
  now: () => number;
  applicationId: number | string;
  /** How long the callback has to answer, handshake and events (Strava: 2 s). */
  timeoutMs: number;
  /** Delay before a failed event is sent again. */
  retryDelayMs: number;
  /** Attempts per event in all (Strava: 3). */
  maxAttempts: number;
}

export type EventInput = Omit<WebhookEventJson, "subscription_id" | "event_time"> & { event_time?: number };

const CALLBACK_NOT_200: FaultError = { resource: "PushSubscription", field: "callback url", code: "GET to callback URL does not return 200" };

export class Webhooks {
  private subscription: Subscription | null = null;
  private nextId = 100_001;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;
  /** Every event sent, with its attempts, oldest first. */
  readonly deliveries: Delivery[] = [];

  constructor(private readonly opts: WebhookOptions) {}

  current(): Subscription | null {
    return this.subscription;
  }

  toJson(s: Subscription): PushSubscriptionJson {
    return {
      id: s.id,
      resource_state: 2,
      application_id: this.opts.applicationId,
      callback_url: s.callbackUrl,
      created_at: isoSeconds(s.createdAt),
      updated_at: isoSeconds(s.createdAt),
    };
  }

  /** GET the callback as Strava does; null when it echoed the challenge, else the error to report. */
  private async handshake(callbackUrl: string, verifyToken: string): Promise<FaultError | null> {
    const challenge = randomBytes(16).toString("hex");
    let url: URL;
    try {
      url = new URL(callbackUrl);
    } catch {
      return { resource: "PushSubscription", field: "callback url", code: "invalid" };
    }
    url.searchParams.set("hub.mode", "subscribe");
    url.searchParams.set("hub.challenge", challenge);
    url.searchParams.set("hub.verify_token", verifyToken);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.opts.timeoutMs) });
      if (res.status !== 200) return CALLBACK_NOT_200;
      const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
      return body && body["hub.challenge"] === challenge ? null : { resource: "PushSubscription", field: "callback url", code: "not verifiable" };
    } catch {
      return CALLBACK_NOT_200;
    }
  }

  async create(callbackUrl: string, verifyToken: string): Promise<{ id: number } | { errors: FaultError[] }> {
    if (this.subscription) return { errors: [{ resource: "PushSubscription", field: "", code: "already exists" }] };
    const problem = await this.handshake(callbackUrl, verifyToken);
    if (problem) return { errors: [problem] };
    // A concurrent create may have won while this one waited for its callback.
    if (this.subscription) return { errors: [{ resource: "PushSubscription", field: "", code: "already exists" }] };
    this.subscription = { id: this.nextId++, callbackUrl, verifyToken, createdAt: this.opts.now() };
    return { id: this.subscription.id };
  }

  delete(id: number): boolean {
    if (this.subscription?.id !== id) return false;
    this.subscription = null;
    return true;
  }

  /** Sends an event to the subscription; resolves after the first attempt (null if none). */
  async send(input: EventInput): Promise<Delivery | null> {
    const sub = this.subscription;
    if (!sub || this.closed) return null;
    const event: WebhookEventJson = {
      object_type: input.object_type,
      object_id: input.object_id,
      aspect_type: input.aspect_type,
      updates: input.updates,
      owner_id: input.owner_id,
      subscription_id: sub.id,
      event_time: input.event_time ?? this.opts.now(),
    };
    const delivery: Delivery = { event, attempts: [], delivered: false };
    this.deliveries.push(delivery);
    await this.attempt(sub.callbackUrl, delivery);
    return delivery;
  }

  private async attempt(callbackUrl: string, delivery: Delivery): Promise<void> {
    const attempt: DeliveryAttempt = { at: this.opts.now(), status: null };
    delivery.attempts.push(attempt);
    try {
      const res = await fetch(callbackUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(delivery.event),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      attempt.status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      // The reference asks for a 200; other 2xx are treated as failures, as a strict Strava would.
      delivery.delivered = res.status === 200;
    } catch (e) {
      attempt.error = e instanceof Error ? e.message : String(e);
    }
    if (!delivery.delivered && delivery.attempts.length < this.opts.maxAttempts && !this.closed) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.attempt(callbackUrl, delivery);
      }, this.opts.retryDelayMs);
      this.timers.add(timer);
    }
  }

  close() {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

export type ActivityChange =
  | { kind: "create"; after: ActivityRecord }
  | { kind: "delete"; before: ActivityRecord }
  | { kind: "update"; before: ActivityRecord; after: ActivityRecord };

/** Sends the events a change to an activity causes (see activityEvents); resolves after each first attempt. */
export async function notifyActivityChange(webhooks: Webhooks, scope: string | null, change: ActivityChange): Promise<Delivery[]> {
  const rec = change.kind === "delete" ? change.before : change.after;
  const out: Delivery[] = [];
  for (const e of activityEvents(scope, change)) {
    const d = await webhooks.send({ object_type: "activity", object_id: rec.id, aspect_type: e.aspect_type, updates: e.updates, owner_id: rec.athleteId });
    if (d) out.push(d);
  }
  return out;
}

/**
 * The activity events an athlete's authorization lets the app see for one change (§1.2, §5):
 * none without activity:read; "Only You" activities only with activity:read_all; for an app
 * without it, an activity turning private looks like a delete and one turning public like a
 * create. Updates carry only title, type and private (as "true"/"false"); other edits (gear,
 * description…) send nothing.
 */
export function activityEvents(
  scope: string | null,
  change: ActivityChange,
): { aspect_type: WebhookEventJson["aspect_type"]; updates: Record<string, string> }[] {
  if (!scope || !(hasScope(scope, "activity:read") || hasScope(scope, "activity:read_all"))) return [];
  const seesPrivate = hasScope(scope, "activity:read_all");
  const visible = (a: ActivityRecord) => a.visibility !== "only_me" || seesPrivate;
  if (change.kind === "create") return visible(change.after) ? [{ aspect_type: "create", updates: {} }] : [];
  if (change.kind === "delete") return visible(change.before) ? [{ aspect_type: "delete", updates: {} }] : [];
  const { before, after } = change;
  if (!visible(before) && !visible(after)) return [];
  if (!visible(after)) return [{ aspect_type: "delete", updates: {} }];
  if (!visible(before)) return [{ aspect_type: "create", updates: {} }];
  const updates: Record<string, string> = {};
  if (before.name !== after.name) updates.title = after.name;
  if (before.sportType !== after.sportType) updates.type = after.sportType;
  const wasPrivate = before.visibility === "only_me";
  const isPrivate = after.visibility === "only_me";
  if (wasPrivate !== isPrivate) updates.private = String(isPrivate);
  return Object.keys(updates).length > 0 ? [{ aspect_type: "update", updates }] : [];
}
