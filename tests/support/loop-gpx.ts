/**
 * GPX files of runs on designed routes, for surface tests: a rectangle of `widthM` × `heightM`
 * metres whose corner is the start, run clockwise or anticlockwise, one point every 3 m at 3 m/s,
 * with optional GPS wander: like a real receiver's error it drifts slowly (tens of seconds), rather
 * than jumping independently at every point.
 */

const M_PER_DEG_LAT = 111_320;

export interface LoopOptions {
  start: Date;
  /** Start corner (default: the Jardin du Luxembourg). */
  lat?: number;
  lon?: number;
  widthM?: number;
  heightM?: number;
  /** +1: east first; −1: west first (a different loop from the same start). */
  eastWest?: 1 | -1;
  reverse?: boolean;
  noiseM?: number;
  seed?: number;
  name?: string;
  type?: string;
}

export function loopGpx({
  start,
  lat = 48.8462,
  lon = 2.3372,
  widthM = 800,
  heightM = 500,
  eastWest = 1,
  reverse = false,
  noiseM = 0,
  seed = 7,
  name = "Loop",
  type = "running",
}: LoopOptions): string {
  const corners: [number, number][] = [
    [0, 0],
    [eastWest * widthM, 0],
    [eastWest * widthM, heightM],
    [0, heightM],
    [0, 0],
  ];
  if (reverse) corners.reverse();
  const points: [number, number][] = [];
  for (let c = 0; c + 1 < corners.length; c++) {
    const [x0, y0] = corners[c]!;
    const [x1, y1] = corners[c + 1]!;
    const steps = Math.round(Math.hypot(x1 - x0, y1 - y0) / 3);
    for (let i = 0; i < steps; i++) points.push([x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps]);
  }
  points.push(corners.at(-1)!);
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
  const body = points
    .map(([x, y], i) => {
      const nx = x + noiseM * Math.sin(i / 37 + seed);
      const ny = y + noiseM * Math.cos(i / 53 + 2 * seed);
      const t = new Date(start.getTime() + i * 1000).toISOString().replace(".000", "");
      return `<trkpt lat="${(lat + ny / M_PER_DEG_LAT).toFixed(7)}" lon="${(lon + nx / mPerDegLon).toFixed(7)}"><time>${t}</time></trkpt>`;
    })
    .join("\n");
  return `<?xml version="1.0"?><gpx version="1.1" creator="Patella tests" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>${name}</name><type>${type}</type><trkseg>\n${body}\n</trkseg></trk></gpx>`;
}
