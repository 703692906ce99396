import fs from "node:fs";
import path from "node:path";

export const FIXTURES = path.join(process.cwd(), "tests", "fixtures", "gpx");

/**
 * A real recorded GPX file with every timestamp shifted so the run starts at `start`: the track,
 * heart rate and pauses stay exactly as recorded, but the run lands in the weeks a chart shows.
 */
export function shiftedFixture(file: string, start: Date): Buffer {
  const xml = fs.readFileSync(path.join(FIXTURES, file), "utf8");
  const first = /<time>([^<]+)<\/time>/.exec(xml.split("<trkpt")[1] ?? "")?.[1];
  if (!first) throw new Error(`${file} has no track point time`);
  const offset = start.getTime() - Date.parse(first);
  const shifted = xml.replace(/<time>([^<]+)<\/time>/g, (_, t: string) => `<time>${new Date(Date.parse(t) + offset).toISOString()}</time>`);
  return Buffer.from(shifted, "utf8");
}

export function fixture(file: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, file));
}
