"use client";

import { CartesianGrid, ComposedChart, ReferenceArea, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import { ChartNumbers } from "./chart-numbers";
import { EPISODE_FILL, SERIES_COLORS } from "./palette";
import { dayNumber, episodeSpans, fullDay, TIMELINE_MARGIN, TIMELINE_Y_WIDTH, timelineXAxisProps, weeksAxis, type ShadedSpan } from "./time-axis";

export interface PainPoint {
  date: string;
  /** Highest pain of the day, 0–10. */
  pain: number;
  checkins: number;
}

/**
 * Presentational: pain by day on the same day axis as the weekly load chart (give it the same
 * weeks), episodes shaded, runs with a spike marked ▲ along the top.
 */
export function PainChart({
  weekStarts,
  points,
  episodes,
  spikeDates,
  locale = "en-GB",
}: {
  weekStarts: string[];
  points: PainPoint[];
  episodes: ShadedSpan[];
  spikeDates: string[];
  locale?: string;
}) {
  const axis = weeksAxis(weekStarts);
  const pain = points.map((p) => ({ x: dayNumber(p.date) + 0.5, pain: p.pain, date: p.date, checkins: p.checkins }));
  // Years of spikes would be a solid row of triangles: marks only where they can be told apart.
  const spikes = axis.weeks <= 53 ? spikeDates.map((d) => ({ x: dayNumber(d) + 0.5, pain: 10, date: d })) : [];
  return (
    <div
      className="chart chart-short"
      role="img"
      aria-label={`Highest knee pain of each day with a check-in, from 0 to 10, with pain episodes shaded${spikes.length ? " and runs with a spike marked along the top" : ""}`}
      data-testid="pain-chart"
      data-points={pain.length}
    >
      <ResponsiveContainer width="100%" height={200}>
        <ComposedChart margin={TIMELINE_MARGIN}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {episodeSpans(episodes, axis).map((e) => (
            <ReferenceArea key={e.key} x1={e.x1} x2={e.x2} fill={EPISODE_FILL} ifOverflow="hidden" />
          ))}
          <XAxis {...timelineXAxisProps(axis, locale)} />
          <YAxis dataKey="pain" type="number" domain={[0, 10]} ticks={[0, 2, 4, 6, 8, 10]} width={TIMELINE_Y_WIDTH} unit="/10" />
          <Tooltip
            cursor={false}
            formatter={(value, name) => (name === "Run with a spike" ? ["▲", name] : [`${value}/10`, "Highest pain"])}
            labelFormatter={(label) => fullDay(Math.floor(Number(label)), locale)}
          />
          <Scatter name="Pain" data={pain} fill={SERIES_COLORS.pain} line={{ stroke: SERIES_COLORS.pain, strokeOpacity: 0.4 }} isAnimationActive={false} />
          <Scatter name="Run with a spike" data={spikes} fill={SERIES_COLORS.spike} shape="triangle" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The numbers behind the pain chart: one row per day with a check-in. */
export function PainNumbers({ points }: { points: PainPoint[] }) {
  return (
    <ChartNumbers caption="Highest pain of each day with a check-in" testId="pain-table">
      <thead>
        <tr>
          <th scope="col">Day</th>
          <th scope="col">Highest pain</th>
          <th scope="col">Check-ins</th>
        </tr>
      </thead>
      <tbody>
        {points.map((d) => (
          <tr key={d.date}>
            <th scope="row">{d.date}</th>
            <td>{d.pain}/10</td>
            <td>{d.checkins}</td>
          </tr>
        ))}
      </tbody>
    </ChartNumbers>
  );
}
