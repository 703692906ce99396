ALTER TABLE "activities" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "edited_fields" text[] DEFAULT '{}'::text[] NOT NULL;