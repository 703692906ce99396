import Link from "next/link";
import { CHART_RANGE_LABELS, CHART_RANGES, DEFAULT_CHART_RANGE, type ChartRange } from "@/lib/load/chart-range";

/**
 * The dashboard's chart range as a segmented control of links: each range has its own URL (so it
 * survives reloads and can be shared), works without JavaScript, and the current one is marked.
 */
export function RangeControl({ current }: { current: ChartRange }) {
  return (
    <div className="range-control" role="group" aria-labelledby="range-label" data-testid="chart-range">
      <span id="range-label" className="range-label">
        Charts show
      </span>
      <ul>
        {CHART_RANGES.map((r) => (
          <li key={r}>
            <Link
              href={r === DEFAULT_CHART_RANGE ? "/dashboard" : `/dashboard?range=${r}`}
              scroll={false}
              // Each range is a server render; fetch it when chosen, not for every link in view.
              prefetch={false}
              aria-current={r === current ? "true" : undefined}
              data-range={r}
            >
              {CHART_RANGE_LABELS[r]}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
