import { describe, expect, it } from "vitest";
import { dayMonth, dayWords, episodeHeadline } from "./episode-words";
import type { Episode } from "./types";

const TODAY = "2026-12-08";
const ended: Episode = { start: "2026-11-25", end: "2026-12-01", painfulDays: 4, peakPain: 5, ongoing: false };
const ongoing: Episode = { start: "2026-12-03", end: "2026-12-07", painfulDays: 3, peakPain: 6, ongoing: true };

describe("episode words", () => {
  it("writes dates as the runner reads them", () => {
    expect(dayMonth("2026-12-01", TODAY)).toBe("1 Dec");
    expect(dayMonth("2025-12-01", TODAY)).toBe("1 Dec 2025");
    expect(dayWords("2026-12-08", TODAY)).toBe("today");
    expect(dayWords("2026-12-07", TODAY)).toBe("yesterday");
    expect(dayWords("2026-12-05", TODAY)).toBe("on 5 Dec");
  });

  it("leads with a check-in that came after the episode ended", () => {
    // Episode Nov 25 – Dec 1 (highest 5/10); today a 6/10 after a run.
    const latest = { localDate: TODAY, pain: 6, timing: "after" as const };
    expect(episodeHeadline({ episode: ended, daysSinceStart: 13, latest }, TODAY)).toBe("Today 6/10 after a run — after an episode that ended on 1 Dec");
  });

  it("places the latest check-in within an ongoing episode", () => {
    // Dec 3 → Dec 7 is day 4 (the start is day 0).
    const latest = { localDate: "2026-12-07", pain: 4, timing: "at_rest" as const };
    expect(episodeHeadline({ episode: ongoing, daysSinceStart: 5, latest }, TODAY)).toBe("Yesterday 4/10 at rest — day 4 of an episode that began on 3 Dec");
  });

  it("says so when no check-in came after the episode's last day", () => {
    const latest = { localDate: "2026-12-01", pain: 4, timing: "next_morning" as const };
    expect(episodeHeadline({ episode: ended, daysSinceStart: 13, latest }, TODAY)).toBe(
      "On 1 Dec 4/10 the morning after a run — the last day of an episode that began on 25 Nov",
    );
    expect(episodeHeadline({ episode: ongoing, daysSinceStart: 5, latest: null }, TODAY)).toBe("Day 5 of an episode that began on 3 Dec");
    expect(episodeHeadline({ episode: ended, daysSinceStart: 13, latest: null }, TODAY)).toBe("An episode from 25 Nov to 1 Dec");
  });
});
