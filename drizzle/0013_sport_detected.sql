ALTER TABLE "activities" ADD COLUMN "sport_detected" text;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "sport_note" text;