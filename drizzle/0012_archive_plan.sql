ALTER TABLE "archive_imports" ADD COLUMN "plan_path" text;--> statement-breakpoint
ALTER TABLE "archive_imports" ADD COLUMN "plan_offset" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "archive_imports" ADD COLUMN "problems" jsonb;