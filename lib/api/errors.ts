/**
 * Typed API errors. Every error response is `{ error: { code, message, details? } }`; clients and
 * tests match on `code` (stable), people read `message`.
 */
export type ErrorCode =
  | "unauthorized"
  | "forbidden:origin"
  | "bad_request:json"
  | "bad_request:body"
  | "bad_request:query"
  | "bad_request:params"
  | "bad_request:file"
  | "unsupported_media_type"
  | "payload_too_large"
  | "payload_too_large:storage_quota"
  | "length_required"
  | "conflict:duplicate_activity"
  | "not_found:activity"
  | "not_found:checkin"
  | "not_found:user"
  | "not_found:route"
  | "not_found:strava"
  | "not_found:archive"
  | "forbidden:verify_token"
  | "conflict:reconnect_needed"
  | "conflict:import_done"
  | "forbidden:password"
  | "forbidden:confirmation"
  | "conflict:no_email"
  | "rate_limited:password"
  | "rate_limited:sign_up"
  | "forbidden:signup_closed"
  | "forbidden:invite_required"
  | "forbidden:invite_invalid"
  | "unprocessable:import"
  | "unprocessable:merge"
  | "unprocessable:not_strava"
  | "unavailable:database"
  | "internal";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const WORDS = { activity: "activity", checkin: "check-in", user: "user" } as const;

/** The runner has no Strava connection (the answer to disconnect or resume without one). */
export const noStravaConnection = () => new ApiError(404, "not_found:strava", "Your account is not connected to Strava.");

export const notFound = (what: keyof typeof WORDS) =>
  new ApiError(404, `not_found:${what}`, `No ${WORDS[what]} with that id was found in your account.`);

export function errorResponse(err: ApiError): Response {
  const body: { code: ErrorCode; message: string; details?: unknown } = { code: err.code, message: err.message };
  if (err.details !== undefined) body.details = err.details;
  return Response.json({ error: body }, { status: err.status });
}
