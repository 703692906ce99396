/** Query-key factory shared by every hook and invalidation, so keys never drift apart. */
export const queryKeys = {
  all: ["patella"] as const,
  weeklyLoad: (weeks: number) => [...queryKeys.all, "load", "weekly", weeks] as const,
  load: (range: { from?: string; to?: string }) => [...queryKeys.all, "load", "report", range] as const,
  guidance: () => [...queryKeys.all, "guidance"] as const,
  /** One page of the activities list, by its API query (lib/activities/list-state.ts listApiQuery). */
  activities: (query: string) => [...queryKeys.all, "activities", "list", query] as const,
  activitiesAll: () => [...queryKeys.all, "activities"] as const,
  streams: (activityId: string) => [...queryKeys.all, "streams", activityId] as const,
  uploads: () => [...queryKeys.all, "uploads"] as const,
  archives: () => [...queryKeys.all, "archives"] as const,
  settings: () => [...queryKeys.all, "settings"] as const,
  strava: () => [...queryKeys.all, "strava"] as const,
  checkins: (page: { limit: number; offset: number }) => [...queryKeys.all, "checkins", "list", page] as const,
  checkinsAll: () => [...queryKeys.all, "checkins"] as const,
  painInsights: (range: { from?: string; to?: string }) => [...queryKeys.all, "checkins", "insights", range] as const,
  surfaces: (range: { from?: string; to?: string }) => [...queryKeys.all, "surfaces", range] as const,
  ostrc: () => [...queryKeys.all, "checkins", "ostrc"] as const,
};
