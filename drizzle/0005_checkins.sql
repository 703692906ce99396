CREATE TABLE "checkins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"local_date" date NOT NULL,
	"time_zone" text NOT NULL,
	"activity_id" uuid,
	"pain" integer NOT NULL,
	"timing" text NOT NULL,
	"locations" text[] DEFAULT '{}' NOT NULL,
	"side" text,
	"red_flags" text[] DEFAULT '{}' NOT NULL,
	"red_flags_seen_at" timestamp with time zone,
	"rpe" integer,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checkins_pain_range" CHECK ("checkins"."pain" between 0 and 10),
	CONSTRAINT "checkins_rpe_range" CHECK ("checkins"."rpe" between 0 and 10)
);
--> statement-breakpoint
CREATE TABLE "ostrc_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"week_start" date NOT NULL,
	"skipped" boolean DEFAULT false NOT NULL,
	"answers" integer[],
	"severity" integer,
	"substantial" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ostrc_responses" ADD CONSTRAINT "ostrc_responses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkins_user_at_idx" ON "checkins" USING btree ("user_id","at");--> statement-breakpoint
CREATE INDEX "checkins_activity_idx" ON "checkins" USING btree ("activity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ostrc_user_week_uq" ON "ostrc_responses" USING btree ("user_id","week_start");