/**
 * A synthetic but realistic recording: `points` track points at 1 Hz along a wandering loop, with
 * elevation, heart rate and cadence in Garmin's TrackPointExtension, as a watch writes them.
 */
export function makeGpx(points: number, start = Date.UTC(2026, 4, 1, 6, 0, 0)): string {
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Patella bench" xmlns="http://www.topografix.com/GPX/1/1" ' +
      'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n <metadata><time>' +
      new Date(start).toISOString() +
      "</time></metadata>\n <trk>\n  <name>Bench run</name>\n  <type>running</type>\n  <trkseg>\n",
  ];
  let lat = 48.8566;
  let lon = 2.3522;
  let heading = 0;
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < points; i++) {
    heading += (rand() - 0.5) * 0.2;
    lat += Math.cos(heading) * 0.000027; // ≈3 m a second
    lon += Math.sin(heading) * 0.00004;
    const ele = (35 + 10 * Math.sin(i / 600) + rand()).toFixed(1);
    const hr = Math.round(140 + 15 * Math.sin(i / 900) + rand() * 3);
    const cad = Math.round(85 + rand() * 4);
    parts.push(
      `   <trkpt lat="${lat.toFixed(7)}" lon="${lon.toFixed(7)}"><ele>${ele}</ele><time>${new Date(start + i * 1000).toISOString().replace(".000", "")}</time>` +
        `<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>${hr}</gpxtpx:hr><gpxtpx:cad>${cad}</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>\n`,
    );
  }
  parts.push("  </trkseg>\n </trk>\n</gpx>\n");
  return parts.join("");
}
