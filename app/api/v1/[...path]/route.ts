import { ApiError, errorResponse } from "@/lib/api/errors";

/** Unknown API paths answer in JSON like every other API error, not with the HTML 404 page. */
async function notFound(): Promise<Response> {
  return errorResponse(new ApiError(404, "not_found:route", "There is no such API endpoint."));
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
