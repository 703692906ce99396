import { describe, expect, it } from "vitest";
import { cleanScopes, missingScopeNotes } from "./tokens";

const PRIVATE = "Private (“Only You”) activities will not be imported.";
const NO_ACTIVITIES = "Patella may not read your activities, so nothing can be imported.";
const NO_SHOES = "Patella cannot read your shoes, so the shoe-distance reminder stays off.";

describe("cleanScopes", () => {
  it("is null for nothing", () => {
    expect(cleanScopes(null)).toBeNull();
    expect(cleanScopes(undefined)).toBeNull();
    expect(cleanScopes("")).toBeNull();
    expect(cleanScopes(" , ,\t")).toBeNull();
  });

  it("keeps a well-formed list as it is", () => {
    expect(cleanScopes("read,activity:read_all,profile:read_all")).toBe("read,activity:read_all,profile:read_all");
    expect(cleanScopes("read")).toBe("read");
  });

  it("accepts spaces as separators too and drops empty entries", () => {
    expect(cleanScopes("read activity:read_all,profile:read_all")).toBe("read,activity:read_all,profile:read_all");
    expect(cleanScopes(" read ,, activity:read ")).toBe("read,activity:read");
    expect(cleanScopes("read\n\tactivity:read")).toBe("read,activity:read");
  });

  it("removes duplicates, keeping the first occurrence's place", () => {
    expect(cleanScopes("activity:read,read,activity:read,read")).toBe("activity:read,read");
  });

  it("drops malformed names", () => {
    expect(cleanScopes("read,READ,activity:read:all,:read,read:,activity-read,read;drop,<script>,activity:read_all")).toBe(
      "read,activity:read_all",
    );
    expect(cleanScopes("r3ad,activity:read")).toBe("activity:read");
  });

  it("drops names longer than 40 characters", () => {
    const forty = "a".repeat(40);
    expect(cleanScopes(`${forty},${"b".repeat(41)}`)).toBe(forty);
    expect(cleanScopes(`${"x".repeat(20)}:${"y".repeat(19)}`)).toBe(`${"x".repeat(20)}:${"y".repeat(19)}`);
    expect(cleanScopes(`${"x".repeat(20)}:${"y".repeat(20)}`)).toBeNull();
  });

  it("is null when nothing well-formed remains", () => {
    expect(cleanScopes("READ,ACTIVITY:READ")).toBeNull();
  });
});

describe("missingScopeNotes", () => {
  it("is empty when the scopes are unknown", () => {
    expect(missingScopeNotes(null)).toEqual([]);
  });

  it("is empty with every scope Patella asks for", () => {
    expect(missingScopeNotes("read,activity:read_all,profile:read_all")).toEqual([]);
    expect(missingScopeNotes("profile:read_all,activity:read_all")).toEqual([]);
    expect(missingScopeNotes("read,activity:read,activity:read_all,profile:read_all")).toEqual([]);
  });

  it("names private activities when only activity:read was granted", () => {
    expect(missingScopeNotes("read,activity:read,profile:read_all")).toEqual([PRIVATE]);
  });

  it("says nothing can be imported without any activity scope", () => {
    expect(missingScopeNotes("read,profile:read_all")).toEqual([NO_ACTIVITIES]);
  });

  it("names the shoe reminder without profile:read_all", () => {
    expect(missingScopeNotes("read,activity:read_all")).toEqual([NO_SHOES]);
    // profile:write or a plain read does not stand in for profile:read_all.
    expect(missingScopeNotes("read,activity:read_all,profile:write")).toEqual([NO_SHOES]);
  });

  it("lists the activity note before the shoe note", () => {
    expect(missingScopeNotes("read")).toEqual([NO_ACTIVITIES, NO_SHOES]);
    expect(missingScopeNotes("read,activity:read")).toEqual([PRIVATE, NO_SHOES]);
    expect(missingScopeNotes("")).toEqual([NO_ACTIVITIES, NO_SHOES]);
  });

  it("matches whole scope names only", () => {
    // "activity:read_all_extra" is not activity:read_all; a space-separated list is not split.
    expect(missingScopeNotes("activity:read_all_extra,profile:read_all")).toEqual([NO_ACTIVITIES]);
    expect(missingScopeNotes("activity:read_all profile:read_all")).toEqual([NO_ACTIVITIES, NO_SHOES]);
  });
});
