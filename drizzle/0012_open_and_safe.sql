CREATE TABLE "strava_webhook" (
	"id" integer PRIMARY KEY NOT NULL,
	"subscription_id" bigint,
	"checked_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "strava_webhook_single_row" CHECK ("strava_webhook"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "checkins" ADD COLUMN "stopped_run" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "strava_quota" ADD COLUMN "webhook_window_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "strava_quota" ADD COLUMN "webhook_used_15" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "strava_quota" ADD COLUMN "webhook_day" date;--> statement-breakpoint
ALTER TABLE "strava_quota" ADD COLUMN "webhook_used_day" integer DEFAULT 0 NOT NULL;