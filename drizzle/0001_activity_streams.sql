CREATE TABLE "activity_streams" (
	"activity_id" uuid PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"point_count" integer NOT NULL,
	"time_s" "bytea" NOT NULL,
	"distance_m" "bytea" NOT NULL,
	"lat_lon" "bytea" NOT NULL,
	"altitude_m" "bytea",
	"heart_rate" "bytea",
	"cadence" "bytea",
	"power_w" "bytea",
	"segment_starts" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "elev_loss_m" real;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "avg_power_w" real;--> statement-breakpoint
ALTER TABLE "activity_streams" ADD CONSTRAINT "activity_streams_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_streams" ADD CONSTRAINT "activity_streams_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_duplicate_of_activities_id_fk" FOREIGN KEY ("duplicate_of") REFERENCES "public"."activities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_duplicate_of_idx" ON "activities" USING btree ("duplicate_of");