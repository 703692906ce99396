"use client";

import { Bar, CartesianGrid, ComposedChart, LabelList, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface WeeklyLoadPoint {
  /** Monday, YYYY-MM-DD. */
  weekStart: string;
  /** Running distance in the display unit. */
  distance: number;
  /** 10% more than the previous week's distance (the guidance document's rule of thumb), or null. */
  tenPercentLine: number | null;
  /** "▲" on weeks holding a run more than 10% longer than the longest of the previous 30 days. */
  spikeMark: string;
}

function shortDate(isoDate: string, locale: string): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(locale, { day: "numeric", month: "short", timeZone: "UTC" });
}

/** Presentational: weekly running distance with the 10% line from each previous week and spike marks. */
export function WeeklyLoadChart({ data, unit, locale = "en-GB" }: { data: WeeklyLoadPoint[]; unit: string; locale?: string }) {
  return (
    <div className="chart" role="img" aria-label={`Weekly running distance in ${unit}, with a line 10% above each previous week and marks on weeks with a spike`}>
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={data} margin={{ top: 20, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="weekStart" tickFormatter={(v: string) => shortDate(v, locale)} minTickGap={12} />
          <YAxis unit={` ${unit}`} width={64} allowDecimals />
          <Tooltip
            formatter={(value, name) => [value === null ? "–" : `${Number(value).toFixed(1)} ${unit}`, name === "distance" ? "Distance" : "Previous week + 10% (rule of thumb)"]}
            labelFormatter={(label) => `Week of ${shortDate(String(label), locale)}`}
          />
          <Bar dataKey="distance" name="distance" fill="#2f6fdf" radius={[3, 3, 0, 0]} isAnimationActive={false}>
            <LabelList dataKey="spikeMark" position="top" fill="#b45309" fontSize={14} />
          </Bar>
          <Line dataKey="tenPercentLine" name="tenPercentLine" type="step" stroke="#6b7280" strokeDasharray="5 4" dot={false} connectNulls={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
