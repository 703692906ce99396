"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface RatioPoint {
  date: string;
  coupled: number | null;
  uncoupled: number | null;
  ewma: number | null;
}

/** Presentational: acute:chronic ratios as neutral trend lines — deliberately no coloured zones. */
export function RatioChart({ data }: { data: RatioPoint[] }) {
  return (
    <div className="chart" role="img" aria-label="Acute to chronic load ratios over time, as trend lines">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
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
