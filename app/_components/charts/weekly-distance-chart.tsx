"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface WeeklyDistancePoint {
  /** Monday of the week, YYYY-MM-DD. */
  weekStart: string;
  /** Distance in the display unit. */
  distance: number;
  runs: number;
}

function shortDate(isoDate: string, locale: string): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(locale, { day: "numeric", month: "short", timeZone: "UTC" });
}

/** Presentational: bars of weekly running distance, already converted to `unit`. */
export function WeeklyDistanceChart({ data, unit, locale = "en-GB" }: { data: WeeklyDistancePoint[]; unit: string; locale?: string }) {
  return (
    <div className="chart" role="img" aria-label={`Weekly running distance in ${unit}, one bar per week`}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="weekStart" tickFormatter={(v: string) => shortDate(v, locale)} minTickGap={12} />
          <YAxis unit={` ${unit}`} width={64} allowDecimals />
          <Tooltip
            formatter={(value) => [`${Number(value).toFixed(1)} ${unit}`, "Distance"]}
            labelFormatter={(label) => `Week of ${shortDate(String(label), locale)}`}
          />
          <Bar dataKey="distance" name="Distance" fill="#2f6fdf" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
