"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { SURFACE_LABELS } from "@/lib/surface/labels";
import { SURFACE_COLORS } from "./palette";
import { dayNumber, fullDay, MAX_BAR_PX, TIMELINE_MARGIN, TIMELINE_Y_WIDTH, timelineXAxisProps, weeksAxis } from "./time-axis";

/** Mixed runs are charted as their parts, so "mixed" has no bar of its own. */
export const CHARTED_SURFACES = ["road", "track", "trail", "grass", "treadmill", "unknown"] as const;
export type ChartedSurface = (typeof CHARTED_SURFACES)[number];

export type SurfaceWeekPoint = { weekStart: string } & Record<ChartedSurface, number>;

/** Presentational: weekly running distance stacked by surface, on the shared day axis. */
export function SurfaceChart({ data, unit, locale = "en-GB" }: { data: SurfaceWeekPoint[]; unit: string; locale?: string }) {
  const axis = weeksAxis(data.map((d) => d.weekStart));
  const points = data.map((d) => ({ ...d, x: dayNumber(d.weekStart) + 3.5 }));
  const shown = CHARTED_SURFACES.filter((s) => data.some((d) => d[s] > 0));
  return (
    <div className="chart" role="img" aria-label={`Weekly running distance in ${unit} over ${axis.weeks} weeks, stacked by surface`} data-testid="surface-chart">
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={points} margin={TIMELINE_MARGIN}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis {...timelineXAxisProps(axis, locale)} />
          <YAxis unit={` ${unit}`} width={TIMELINE_Y_WIDTH} allowDecimals />
          <Tooltip
            formatter={(value, name) => [`${Number(value).toFixed(1)} ${unit}`, SURFACE_LABELS[name as ChartedSurface] ?? String(name)]}
            labelFormatter={(label) => `Week of ${fullDay(Math.floor(Number(label) - 3.5), locale)}`}
          />
          <Legend formatter={(name) => SURFACE_LABELS[name as ChartedSurface] ?? String(name)} />
          {shown.map((s) => (
            <Bar key={s} dataKey={s} name={s} stackId="surface" fill={SURFACE_COLORS[s]} maxBarSize={MAX_BAR_PX} isAnimationActive={false} />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
