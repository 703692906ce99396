"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { EPISODE_FILL, SERIES_COLORS } from "./palette";
import { dayNumber, episodeSpans, fullDay, TIMELINE_MARGIN, TIMELINE_Y_WIDTH, timelineXAxisProps, weeksAxis, type ShadedSpan } from "./time-axis";

export interface RatioPoint {
  date: string;
  coupled: number | null;
  uncoupled: number | null;
  ewma: number | null;
}

export const RATIO_NAMES = { uncoupled: "Uncoupled (7 d ÷ days 8–28)", ewma: "EWMA (7 d ÷ 28 d)" } as const;

/**
 * Presentational: acute:chronic ratios as neutral trend lines — deliberately no coloured zones — on
 * the shared day axis of the weekly charts (give it the same weeks).
 */
export function RatioChart({ weekStarts, data, episodes = [], locale = "en-GB" }: { weekStarts: string[]; data: RatioPoint[]; episodes?: ShadedSpan[]; locale?: string }) {
  const axis = weeksAxis(weekStarts);
  const points = data.map((d) => ({ ...d, x: dayNumber(d.date) + 0.5 }));
  return (
    <div className="chart" role="img" aria-label="Acute to chronic load ratios by day (a ratio of 1 is as much as usual), as trend lines" data-testid="ratio-chart">
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={points} margin={TIMELINE_MARGIN}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {episodeSpans(episodes, axis).map((e) => (
            <ReferenceArea key={e.key} x1={e.x1} x2={e.x2} fill={EPISODE_FILL} ifOverflow="hidden" />
          ))}
          <XAxis {...timelineXAxisProps(axis, locale)} />
          <YAxis width={TIMELINE_Y_WIDTH} domain={[0, "auto"]} unit="×" allowDecimals />
          <Tooltip
            formatter={(v, name) => [v === null || v === undefined ? "–" : `${Number(v).toFixed(2)}×`, name]}
            labelFormatter={(label) => fullDay(Math.floor(Number(label)), locale)}
          />
          <Legend />
          <Line dataKey="uncoupled" name={RATIO_NAMES.uncoupled} stroke={SERIES_COLORS.ratio} dot={false} isAnimationActive={false} connectNulls={false} />
          <Line
            dataKey="ewma"
            name={RATIO_NAMES.ewma}
            stroke={SERIES_COLORS.ratioSecondary}
            strokeDasharray="4 3"
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
