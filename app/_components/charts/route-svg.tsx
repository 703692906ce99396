import { SERIES_COLORS } from "./palette";

/**
 * The route drawn as an SVG line from its points (no map tiles: works offline). Segments are
 * separated by null. Longitude is scaled by cos(latitude) so shapes are not stretched.
 */
export function RouteSvg({ route, label }: { route: ([number, number] | null)[]; label: string }) {
  const points = route.filter((p): p is [number, number] => p !== null);
  if (points.length < 2) return null;
  const meanLat = points.reduce((s, p) => s + p[0], 0) / points.length;
  const kx = Math.cos((meanLat * Math.PI) / 180);
  const xs = points.map((p) => p[1] * kx);
  const ys = points.map((p) => -p[0]);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const span = Math.max(Math.max(...xs) - minX, Math.max(...ys) - minY) || 1e-9;
  const size = 400;
  const pad = 12;
  const scale = (size - 2 * pad) / span;
  const paths: string[] = [];
  let current = "";
  for (const p of route) {
    if (p === null) {
      if (current) paths.push(current);
      current = "";
      continue;
    }
    const x = (p[1] * kx - minX) * scale + pad;
    const y = (-p[0] - minY) * scale + pad;
    current += `${current ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
  }
  if (current) paths.push(current);
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const at = (p: [number, number]) => [(p[1] * kx - minX) * scale + pad, (-p[0] - minY) * scale + pad] as const;
  const [sx, sy] = at(first);
  const [ex, ey] = at(last);
  return (
    <svg className="route" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} data-testid="route">
      {paths.map((d, i) => (
        <path key={i} d={d} fill="none" stroke={SERIES_COLORS.route} strokeWidth={3} strokeLinejoin="round" strokeLinecap="round" />
      ))}
      <circle cx={sx} cy={sy} r={6} fill={SERIES_COLORS.start}>
        <title>Start</title>
      </circle>
      <circle cx={ex} cy={ey} r={6} fill={SERIES_COLORS.finish}>
        <title>Finish</title>
      </circle>
    </svg>
  );
}
