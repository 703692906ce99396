"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ProfilePoint {
  /** Distance in the display unit. */
  distance: number;
  value: number | null;
}

/**
 * Presentational: one quantity (pace, elevation, heart rate) along the distance of an activity.
 * `format` renders a value for the axis and tooltip; `reversed` puts small values on top (pace).
 */
export function ProfileChart({
  data,
  unit,
  label,
  color,
  format,
  reversed = false,
}: {
  data: ProfilePoint[];
  unit: string;
  label: string;
  color: string;
  format: (v: number) => string;
  reversed?: boolean;
}) {
  return (
    <figure className="chart" aria-label={`${label} along the distance`}>
      <figcaption className="muted small">{label}</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="distance" type="number" domain={["dataMin", "dataMax"]} tickFormatter={(v: number) => v.toFixed(1)} unit={` ${unit}`} />
          <YAxis reversed={reversed} domain={["auto", "auto"]} tickFormatter={(v: number) => format(v)} width={56} />
          <Tooltip
            formatter={(v) => [format(Number(v)), label]}
            labelFormatter={(l) => `${Number(l).toFixed(2)} ${unit}`}
          />
          <Line type="monotone" dataKey="value" stroke={color} dot={false} strokeWidth={1.5} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
