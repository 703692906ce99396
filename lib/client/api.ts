/** Browser-side helpers for Patella's JSON API: one error type carrying the server's code and message. */
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

export async function apiFetch<T>(input: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(input, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch {
    throw new ApiClientError(0, "network", "Patella could not be reached. Check your connection and try again.");
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
  if (!res.ok) {
    // The session ended (signed out elsewhere, or expired): a full navigation back to sign-in,
    // deliberately outside the router so no cached data of the old session survives.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    if (res.status === 401 && typeof window !== "undefined") window.location.href = "/sign-in";
    throw new ApiClientError(
      res.status,
      body?.error?.code ?? "http_" + res.status,
      body?.error?.message ?? `The server answered ${res.status}. Please try again.`,
      body?.error?.details,
    );
  }
  return body as T;
}

export function jsonInit(method: string, body: unknown): RequestInit {
  return { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}
