CREATE TABLE "gear" (
	"user_id" text NOT NULL,
	"source" text NOT NULL,
	"source_ref" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"distance_m" double precision NOT NULL,
	"primary" boolean DEFAULT false NOT NULL,
	"retired" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gear_user_id_source_source_ref_pk" PRIMARY KEY("user_id","source","source_ref"),
	CONSTRAINT "gear_distance_valid" CHECK ("gear"."distance_m" >= 0)
);
--> statement-breakpoint
CREATE TABLE "strava_quota" (
	"id" integer PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"day" date NOT NULL,
	"used_15" integer DEFAULT 0 NOT NULL,
	"used_day" integer DEFAULT 0 NOT NULL,
	"limit_15" integer NOT NULL,
	"limit_day" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "strava_quota_single_row" CHECK ("strava_quota"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "strava_connections" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "strava_connections" ADD COLUMN "backfill_status" text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "strava_connections" ADD COLUMN "backfill_before" bigint;--> statement-breakpoint
ALTER TABLE "strava_connections" ADD COLUMN "backfill_imported" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "strava_connections" ADD COLUMN "backfill_pages" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "strava_connections" ADD COLUMN "backfill_paused_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "strava_connections" ADD COLUMN "backfill_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "strava_connections" ADD COLUMN "backfill_finished_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "strava_connections" ADD COLUMN "athlete_created_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gear" ADD CONSTRAINT "gear_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strava_connections" ADD CONSTRAINT "strava_connections_status_valid" CHECK ("strava_connections"."status" in ('active', 'reconnect_needed'));--> statement-breakpoint
ALTER TABLE "strava_connections" ADD CONSTRAINT "strava_connections_backfill_status_valid" CHECK ("strava_connections"."backfill_status" in ('pending', 'running', 'done'));