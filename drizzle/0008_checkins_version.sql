ALTER TABLE "users" ADD COLUMN "checkins_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Cached pain insights are reused only while this is unchanged: one bump per runner per statement that
-- really changes a check-in or a questionnaire (updates of updated_at alone do not count).
CREATE OR REPLACE FUNCTION patella_bump_checkins_version_rows() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE users SET checkins_version = checkins_version + 1 WHERE id IN (SELECT DISTINCT user_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE users SET checkins_version = checkins_version + 1 WHERE id IN (SELECT DISTINCT user_id FROM old_rows);
  ELSE
    UPDATE users SET checkins_version = checkins_version + 1
    WHERE id IN (
      SELECT o.user_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE to_jsonb(n) - 'updated_at' IS DISTINCT FROM to_jsonb(o) - 'updated_at'
      UNION
      SELECT n.user_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE to_jsonb(n) - 'updated_at' IS DISTINCT FROM to_jsonb(o) - 'updated_at'
    );
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER checkins_bump_version_insert AFTER INSERT ON checkins
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patella_bump_checkins_version_rows();
--> statement-breakpoint
CREATE TRIGGER checkins_bump_version_update AFTER UPDATE ON checkins
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patella_bump_checkins_version_rows();
--> statement-breakpoint
CREATE TRIGGER checkins_bump_version_delete AFTER DELETE ON checkins
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION patella_bump_checkins_version_rows();
--> statement-breakpoint
CREATE TRIGGER ostrc_bump_version_insert AFTER INSERT ON ostrc_responses
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patella_bump_checkins_version_rows();
--> statement-breakpoint
CREATE TRIGGER ostrc_bump_version_update AFTER UPDATE ON ostrc_responses
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patella_bump_checkins_version_rows();
--> statement-breakpoint
CREATE TRIGGER ostrc_bump_version_delete AFTER DELETE ON ostrc_responses
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION patella_bump_checkins_version_rows();
