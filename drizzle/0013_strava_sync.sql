ALTER TABLE "strava_connections" ADD COLUMN "backfill_last_page" integer;
