CREATE TABLE "invites" (
	"id" text PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"note" text,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invites_code_hash_unique" UNIQUE("code_hash")
);
--> statement-breakpoint
CREATE TABLE "revoked_sessions" (
	"sid" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "strava_webhook" (
	"id" integer PRIMARY KEY NOT NULL,
	"subscription_id" bigint,
	"checked_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "strava_webhook_single_row" CHECK ("strava_webhook"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "edited_fields" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "sport_detected" text;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "sport_note" text;--> statement-breakpoint
ALTER TABLE "archive_imports" ADD COLUMN "plan_path" text;--> statement-breakpoint
ALTER TABLE "archive_imports" ADD COLUMN "plan_offset" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "archive_imports" ADD COLUMN "problems" jsonb;--> statement-breakpoint
ALTER TABLE "checkins" ADD COLUMN "stopped_run" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_attempts" ADD COLUMN "address" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_attempts" ADD COLUMN "kind" text DEFAULT 'sign_in' NOT NULL;--> statement-breakpoint
ALTER TABLE "strava_connections" ADD COLUMN "backfill_last_page" integer;--> statement-breakpoint
ALTER TABLE "strava_quota" ADD COLUMN "webhook_window_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "strava_quota" ADD COLUMN "webhook_used_15" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "strava_quota" ADD COLUMN "webhook_day" date;--> statement-breakpoint
ALTER TABLE "strava_quota" ADD COLUMN "webhook_used_day" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "revoked_sessions" ADD CONSTRAINT "revoked_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "revoked_sessions_expires_at_idx" ON "revoked_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_address_at_idx" ON "sign_in_attempts" USING btree ("address","at");