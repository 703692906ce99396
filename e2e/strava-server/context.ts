import type { FaultQueue } from "./faults";
import type { TokenStore } from "./oauth";
import type { RateLimiter } from "./rate-limit";
import type { ActivityStore } from "./store";
import type { Delivery, Webhooks } from "./webhooks";

/** Everything a route handler needs, built once per server by startStravaServer. */
export interface ServerContext {
  options: {
    clientId: string;
    clientSecret: string;
    /** Hosts redirect_uri may use besides localhost and 127.0.0.1; unset accepts any. */
    callbackDomain?: string;
    maxConnectedAthletes: number;
  };
  /** The server's clock, epoch seconds (the `now` option plus any advance from the control API). */
  now(): number;
  store: ActivityStore;
  tokens: TokenStore;
  limiter: RateLimiter;
  faults: FaultQueue;
  webhooks: Webhooks;
  /**
   * Revokes the athlete's tokens at once (synchronously), then sends the deauthorization event
   * ({"authorized": "false"}) to the webhook subscription, resolving after its first attempt.
   */
  deauthorize(athleteId: number): Promise<Delivery | null>;
}
