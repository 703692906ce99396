/**
 * Moving a GPX file in time: every `<time>` (the metadata's and each point's) shifted by the same
 * amount, so the track, pauses and heart rate stay exactly as recorded. The sample files are
 * Patella's own (plain `<time>` elements, no prefixes), which is what these expect.
 */

const TIME = /<time>([^<]+)<\/time>/g;

/** The first track point's time, in epoch milliseconds. */
export function firstPointTimeMs(xml: string): number {
  const afterFirstPoint = xml.slice(xml.indexOf("<trkpt"));
  const first = /<time>([^<]+)<\/time>/.exec(afterFirstPoint)?.[1];
  const ms = first ? Date.parse(first) : NaN;
  if (Number.isNaN(ms)) throw new Error("the sample file has no track point time");
  return ms;
}

/** `2024-01-02T06:45:05Z`: whole seconds are written without milliseconds, as watches do. */
function isoTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

export function shiftGpxTimes(xml: string, shiftMs: number): string {
  return xml.replace(TIME, (whole, value: string) => {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? whole : `<time>${isoTime(ms + shiftMs)}</time>`;
  });
}
