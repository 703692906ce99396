/** Client-safe (no boundary data): how an activity's own zone is shown. */

/** A zone as people say it: "Paris", "Los Angeles", "UTC", "UTC+01:00". */
export function zoneLabel(timeZone: string): string {
  const etc = /^Etc\/GMT([+-])(\d+)$/.exec(timeZone);
  if (etc) return `UTC${etc[1] === "-" ? "+" : "−"}${etc[2]!.padStart(2, "0")}:00`;
  if (timeZone === "UTC" || timeZone === "Etc/UTC" || timeZone === "Etc/GMT") return "UTC";
  return (timeZone.split("/").pop() ?? timeZone).replace(/_/g, " ");
}

/**
 * "Sun 15 Nov, 08:00 (Paris)": the start as it was run, in the zone it was recorded in. With `now`,
 * the year is written when it is not the current one ("Wed 24 Oct 2012, 19:29 (New York)").
 */
export function startedLabel(startTime: Date, timeZone: string, now?: Date): string {
  const partsOf = (d: Date) =>
    new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(d)
      .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  const parts = partsOf(startTime);
  const year = now && partsOf(now).year !== parts.year ? ` ${parts.year}` : "";
  return `${parts.weekday} ${parts.day} ${parts.month}${year}, ${parts.hour}:${parts.minute} (${zoneLabel(timeZone)})`;
}
