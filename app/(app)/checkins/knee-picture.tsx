"use client";

import type { KneeLocation, KneeSide } from "@/lib/checkins/types";

/**
 * A knee seen from the front, as a runner looks down at it, with tappable regions. It is a
 * shortcut for touch: the same choices are a list of checkboxes beside it for keyboard and
 * screen-reader users, so the picture itself is hidden from assistive technology.
 */

interface Region {
  location: KneeLocation;
  label: string;
  shape: "ellipse" | "rect";
  /** Centre and half-size. */
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

function regions(side: KneeSide | null): Region[] {
  // Looking down at your own left knee, its inside is on your right; for the right knee, on your left.
  const insideX = side === "left" ? 154 : 46;
  const outsideX = side === "left" ? 46 : 154;
  return [
    { location: "whole_knee", label: "Whole knee", shape: "rect", cx: 100, cy: 18, rx: 62, ry: 14 },
    { location: "front", label: "Kneecap", shape: "ellipse", cx: 100, cy: 104, rx: 30, ry: 34 },
    { location: "below_kneecap", label: "Below", shape: "rect", cx: 100, cy: 164, rx: 26, ry: 17 },
    { location: "inside", label: "Inside", shape: "rect", cx: insideX, cy: 110, rx: 23, ry: 42 },
    { location: "outside", label: "Outside", shape: "rect", cx: outsideX, cy: 110, rx: 23, ry: 42 },
    { location: "back", label: "Back of knee", shape: "rect", cx: 100, cy: 222, rx: 62, ry: 14 },
  ];
}

export function KneePicture({
  selected,
  side,
  onToggle,
}: {
  selected: readonly KneeLocation[];
  side: KneeSide | null;
  onToggle: (location: KneeLocation) => void;
}) {
  return (
    <svg viewBox="0 0 200 240" className="knee-picture" aria-hidden="true" data-testid="knee-picture">
      {/* The leg: thigh narrowing into the knee, then the shin. */}
      <path d="M62 40 L138 40 L146 150 L132 200 L68 200 L54 150 Z" fill="#f3e3d3" stroke="#b08968" strokeWidth="2" />
      {regions(side).map((r) => {
        const on = selected.includes(r.location);
        const common = {
          fill: on ? "#2f6fdf" : "rgba(47,111,223,0.10)",
          stroke: on ? "#1d4ed8" : "#2f6fdf",
          strokeWidth: 2,
        };
        return (
          <g
            key={r.location}
            data-location={r.location}
            data-selected={on}
            onClick={() => onToggle(r.location)}
            style={{ cursor: "pointer" }}
          >
            {r.shape === "ellipse" ? (
              <ellipse cx={r.cx} cy={r.cy} rx={r.rx} ry={r.ry} {...common} />
            ) : (
              <rect x={r.cx - r.rx} y={r.cy - r.ry} width={r.rx * 2} height={r.ry * 2} rx={8} {...common} />
            )}
            <text
              x={r.cx}
              y={r.cy + 4}
              textAnchor="middle"
              fontSize={r.location === "inside" || r.location === "outside" ? 10 : 12}
              fill={on ? "#fff" : "#1e3a8a"}
              style={{ pointerEvents: "none", userSelect: "none" }}
            >
              {r.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
