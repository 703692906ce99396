import { describe, expect, it } from "vitest";
import { listActivitiesQuery } from "@/lib/validation/activities";
import { DEFAULT_LIST_STATE, hasFilters, listApiQuery, listSearch, pageCount, parseListState, sortedBy, withFilters } from "./list-state";

const parse = (query: string) => parseListState(new URLSearchParams(query));

describe("parseListState", () => {
  it("gives the defaults for an empty query: newest first, 20 a page", () => {
    expect(parse("")).toEqual({ state: { sort: "date", dir: "desc", page: 1, size: 20 }, ignored: [] });
  });

  it("reads sort, direction, every filter, page and page size", () => {
    const { state, ignored } = parse("sort=distance&dir=asc&sport=trail_run&surface=trail&source=fit&from=2026-01-05&to=2026-02-01&page=3&size=50");
    expect(ignored).toEqual([]);
    expect(state).toEqual({ sort: "distance", dir: "asc", sport: "trail_run", surface: "trail", source: "fit", from: "2026-01-05", to: "2026-02-01", page: 3, size: 50 });
  });

  it("takes a sort's first direction when the query names none", () => {
    expect(parse("sort=moving_time").state).toMatchObject({ sort: "moving_time", dir: "desc" });
  });

  it("drops values that do not parse, names them, and keeps the rest", () => {
    const { state, ignored } = parse("sort=pace&dir=up&sport=kayak&surface=&source=garmin&from=2026-02-30&to=yesterday&page=0&size=25");
    expect(state).toEqual(DEFAULT_LIST_STATE);
    expect(ignored).toEqual(["sort", "dir", "sport", "source", "from", "to", "page", "size"]);
    expect(parse("page=2.5").ignored).toEqual(["page"]);
    expect(parse("page=-1").ignored).toEqual(["page"]);
  });

  it("drops the end of a date range that ends before it starts", () => {
    const { state, ignored } = parse("from=2026-03-01&to=2026-02-01");
    expect(state.from).toBe("2026-03-01");
    expect(state.to).toBeUndefined();
    expect(ignored).toEqual(["to"]);
  });

  it("reads Next.js searchParams objects too, taking the first of repeated keys", () => {
    expect(parseListState({ sport: ["run", "ride"], page: "2" }).state).toMatchObject({ sport: "run", page: 2 });
  });
});

describe("listSearch", () => {
  it("leaves defaults out, so the default list is the plain page", () => {
    expect(listSearch(DEFAULT_LIST_STATE)).toBe("");
    expect(listSearch({ ...DEFAULT_LIST_STATE, sort: "distance", dir: "desc" })).toBe("?sort=distance");
    expect(listSearch({ ...DEFAULT_LIST_STATE, dir: "asc", page: 2, size: 50, sport: "run" })).toBe("?dir=asc&sport=run&page=2&size=50");
  });

  it("round-trips through parseListState", () => {
    const states = [
      DEFAULT_LIST_STATE,
      { ...DEFAULT_LIST_STATE, sort: "moving_time" as const, dir: "asc" as const, surface: "mixed" as const, from: "2025-12-29", page: 4 },
      { ...DEFAULT_LIST_STATE, source: "archive" as const, to: "2026-01-31", size: 50 as const },
    ];
    for (const s of states) expect(parse(listSearch(s).slice(1)).state).toEqual(s);
  });
});

describe("listApiQuery", () => {
  it("turns the page into limit and offset and passes sort and filters on", () => {
    const query = listApiQuery({ ...DEFAULT_LIST_STATE, page: 3, size: 50, sport: "run", from: "2026-01-01" });
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual({ limit: "50", offset: "100", sort: "date", dir: "desc", sport: "run", from: "2026-01-01" });
  });

  it("is accepted by the API's schema", () => {
    const query = listApiQuery({ ...DEFAULT_LIST_STATE, sort: "distance", dir: "asc", surface: "trail", source: "strava", to: "2026-05-01" });
    const parsed = listActivitiesQuery.safeParse(Object.fromEntries(new URLSearchParams(query)));
    expect(parsed.success).toBe(true);
  });
});

describe("changing the list", () => {
  const onPage3 = { ...DEFAULT_LIST_STATE, page: 3, sport: "run" as const };

  it("new filters start again at page 1 and replace the old ones", () => {
    expect(withFilters(onPage3, { surface: "trail" })).toEqual({ ...DEFAULT_LIST_STATE, surface: "trail" });
    expect(hasFilters(withFilters(onPage3, {}))).toBe(false);
    expect(hasFilters(onPage3)).toBe(true);
  });

  it("sorting by the current column flips it; another column starts with its first direction", () => {
    expect(sortedBy(onPage3, "date")).toMatchObject({ sort: "date", dir: "asc", page: 1, sport: "run" });
    expect(sortedBy({ ...onPage3, dir: "asc" }, "date")).toMatchObject({ dir: "desc" });
    expect(sortedBy(onPage3, "distance")).toMatchObject({ sort: "distance", dir: "desc", page: 1 });
  });

  it("counts at least one page", () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(20, 20)).toBe(1);
    expect(pageCount(21, 20)).toBe(2);
    expect(pageCount(101, 50)).toBe(3);
  });
});

describe("listActivitiesQuery (the API's)", () => {
  it("answers bad values with a message that names the parameter", () => {
    const messages = (q: Record<string, string>) => {
      const r = listActivitiesQuery.safeParse(q);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(messages({ sort: "pace" })).toEqual(["sort must be one of date, distance, moving_time."]);
    expect(messages({ dir: "up" })).toEqual(["dir must be one of asc, desc."]);
    expect(messages({ sport: "kayak" })[0]).toMatch(/^sport must be one of run, trail_run/);
    expect(messages({ from: "2026-02-30" })).toEqual(["That date does not exist."]);
    expect(messages({ from: "2026-03-01", to: "2026-02-01" })).toEqual(["from must be on or before to."]);
    expect(messages({ limit: "0" })).toEqual(["limit must be 1 to 100."]);
  });
});
