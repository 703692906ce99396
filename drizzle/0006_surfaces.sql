ALTER TABLE "activities" ADD COLUMN "surface_confidence" text;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "surface_split" jsonb;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "route_shape" "bytea";--> statement-breakpoint
-- Runs imported before surfaces existed: what their sport says, else road (assumed); geometry and route memory apply to new imports.
UPDATE "activities" SET
  "surface" = CASE "sport" WHEN 'treadmill_run' THEN 'treadmill' WHEN 'trail_run' THEN 'trail' WHEN 'run' THEN 'road' ELSE 'unknown' END,
  "surface_source" = CASE WHEN "sport" IN ('treadmill_run', 'trail_run') THEN (CASE WHEN "source" = 'strava' THEN 'strava' ELSE 'file' END) ELSE 'assumed' END,
  "surface_confidence" = CASE WHEN "sport" IN ('treadmill_run', 'trail_run') THEN 'high' ELSE 'low' END
WHERE "surface" IS NULL;
