import type { IncomingMessage, ServerResponse } from "node:http";
import type { StravaFault } from "./types";

/** Small HTTP helpers shared by the stand-in's routes. */

export type FaultError = StravaFault["errors"][number];

export function sendJson(res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

/** Strava's error body: {"message": …, "errors": [{resource, field, code}]}. */
export function sendFault(res: ServerResponse, status: number, message: string, errors: FaultError[]) {
  const body: StravaFault = { message, errors };
  sendJson(res, body, status);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A form body (or a flat JSON object, which some clients send to Strava) as URLSearchParams. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const text = await readText(req);
  if ((req.headers["content-type"] ?? "").includes("application/json")) {
    const obj = JSON.parse(text || "{}") as Record<string, unknown>;
    return new URLSearchParams(Object.entries(obj).map(([k, v]) => [k, String(v)]));
  }
  return new URLSearchParams(text);
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readText(req);
  return text.trim() ? (JSON.parse(text) as unknown) : {};
}

/** Form fields, with the query string as a fallback (Strava accepts either for most calls). */
export function param(form: URLSearchParams, url: URL, name: string): string | null {
  return form.get(name) ?? url.searchParams.get(name);
}
