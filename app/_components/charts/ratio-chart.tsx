"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { EPISODE_FILL, type ShadedSpan } from "./time-axis";

export interface RatioPoint {
  date: string;
  coupled: number | null;
  uncoupled: number | null;
  ewma: number | null;
}

/** Presentational: acute:chronic ratios as neutral trend lines — deliberately no coloured zones. */
export function RatioChart({ data, episodes = [] }: { data: RatioPoint[]; episodes?: ShadedSpan[] }) {
  const first = data[0]?.date;
  const last = data.at(-1)?.date;
  // Episodes clipped to the days shown (the axis has one category per day).
  const shaded = first && last ? episodes.filter((e) => e.end >= first && e.start <= last).map((e) => ({ x1: e.start < first ? first : e.start, x2: e.end > last ? last : e.end })) : [];
  return (
    <div className="chart" role="img" aria-label="Acute to chronic load ratios over time, as trend lines">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {shaded.map((s) => (
            <ReferenceArea key={s.x1} x1={s.x1} x2={s.x2} fill={EPISODE_FILL} />
          ))}
          <XAxis dataKey="date" tickFormatter={(v: string) => v.slice(5)} minTickGap={24} />
          <YAxis width={40} domain={[0, "auto"]} />
          <Tooltip formatter={(v) => (v === null ? "–" : Number(v).toFixed(2))} />
          <Legend />
          <Line dataKey="uncoupled" name="Uncoupled (7 d ÷ days 8–28)" stroke="#374151" dot={false} isAnimationActive={false} connectNulls={false} />
          <Line dataKey="ewma" name="EWMA (7 d ÷ 28 d)" stroke="#6b7280" strokeDasharray="4 3" dot={false} isAnimationActive={false} connectNulls={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
