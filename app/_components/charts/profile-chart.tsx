"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ProfilePoint {
  /** Distance in the display unit. */
  distance: number;
  value: number | null;
}

/**
 * Presentational: one quantity (pace, elevation, heart rate) along the distance of an activity.
 * `format` renders a value for the axis and tooltip, `valueUnit` follows it on the axis; `reversed`
 * puts small values on top (pace). Give `color` from the palette.
 */
export function ProfileChart({
  data,
  unit,
  label,
  valueUnit,
  color,
  format,
  reversed = false,
}: {
  data: ProfilePoint[];
  unit: string;
  label: string;
  valueUnit: string;
  color: string;
  format: (v: number) => string;
  reversed?: boolean;
}) {
  return (
    <div className="chart" role="img" aria-label={`${label} along the distance in ${unit}`}>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="distance" type="number" domain={["dataMin", "dataMax"]} tickFormatter={(v: number) => v.toFixed(1)} unit={` ${unit}`} />
          <YAxis reversed={reversed} domain={["auto", "auto"]} tickFormatter={(v: number) => format(v)} unit={` ${valueUnit}`} width={88} />
          <Tooltip formatter={(v) => [`${format(Number(v))} ${valueUnit}`, label]} labelFormatter={(l) => `${Number(l).toFixed(2)} ${unit}`} />
          <Line type="monotone" dataKey="value" stroke={color} dot={false} strokeWidth={1.5} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
