"use client";

import { Bar, CartesianGrid, ComposedChart, LabelList, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { EPISODE_FILL, SERIES_COLORS } from "./palette";
import { dayNumber, episodeSpans, fullDay, MAX_BAR_PX, TIMELINE_MARGIN, TIMELINE_Y_WIDTH, timelineXAxisProps, weeksAxis, type ShadedSpan } from "./time-axis";

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

/** Up to a year, each week carries its spike mark and the 10% line; beyond, they would bury the bars. */
export const MAX_MARKED_WEEKS = 53;

/**
 * Presentational: weekly running distance with the 10% line from each previous week and spike
 * marks, on the shared day axis (each bar spans its Monday to Sunday); pain episodes shaded. Long
 * ranges (years of weeks) draw thin square bars without the marks, on a monthly or yearly axis.
 */
export function WeeklyLoadChart({
  data,
  unit,
  episodes = [],
  locale = "en-GB",
}: {
  data: WeeklyLoadPoint[];
  unit: string;
  episodes?: ShadedSpan[];
  locale?: string;
}) {
  const axis = weeksAxis(data.map((d) => d.weekStart));
  const marked = axis.weeks <= MAX_MARKED_WEEKS;
  // Bars and the line sit mid-week; the axis ticks are the Mondays.
  const points = data.map((d) => ({ ...d, x: dayNumber(d.weekStart) + 3.5 }));
  const described = [
    `Weekly running distance in ${unit} over ${axis.weeks} weeks`,
    marked ? "with a line 10% above each previous week and marks on weeks with a spike" : null,
    episodes.length ? "pain episodes shaded" : null,
  ];
  return (
    <div className="chart" role="img" aria-label={described.filter(Boolean).join(", ")} data-testid="weekly-load-chart" data-weeks={axis.weeks}>
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={points} margin={TIMELINE_MARGIN}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {episodeSpans(episodes, axis).map((e) => (
            <ReferenceArea key={e.key} x1={e.x1} x2={e.x2} fill={EPISODE_FILL} ifOverflow="hidden" />
          ))}
          <XAxis {...timelineXAxisProps(axis, locale)} />
          <YAxis unit={` ${unit}`} width={TIMELINE_Y_WIDTH} allowDecimals />
          <Tooltip
            formatter={(value, name) => [value === null ? "–" : `${Number(value).toFixed(1)} ${unit}`, name === "distance" ? "Distance" : "Previous week + 10% (rule of thumb)"]}
            labelFormatter={(label) => `Week of ${fullDay(Math.floor(Number(label) - 3.5), locale)}`}
          />
          <Bar dataKey="distance" name="distance" fill={SERIES_COLORS.distance} radius={marked ? [3, 3, 0, 0] : 0} maxBarSize={MAX_BAR_PX} isAnimationActive={false}>
            {marked ? <LabelList dataKey="spikeMark" position="top" fill={SERIES_COLORS.spike} fontSize={14} /> : null}
          </Bar>
          {marked ? (
            <Line
              dataKey="tenPercentLine"
              name="tenPercentLine"
              type="step"
              stroke={SERIES_COLORS.reference}
              strokeDasharray="5 4"
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
