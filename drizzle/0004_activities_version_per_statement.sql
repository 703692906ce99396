-- One bump per runner per statement instead of one per row (a bulk import of 1,000 activities
-- updated the runner's row 1,000 times), and none for updates that change nothing but updated_at.
DROP TRIGGER IF EXISTS activities_bump_version ON activities;
--> statement-breakpoint
DROP FUNCTION IF EXISTS patella_bump_activities_version();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION patella_bump_activities_version_rows() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE users SET activities_version = activities_version + 1 WHERE id IN (SELECT DISTINCT user_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE users SET activities_version = activities_version + 1 WHERE id IN (SELECT DISTINCT user_id FROM old_rows);
  ELSE
    UPDATE users SET activities_version = activities_version + 1
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
CREATE TRIGGER activities_bump_version_insert AFTER INSERT ON activities
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patella_bump_activities_version_rows();
--> statement-breakpoint
CREATE TRIGGER activities_bump_version_update AFTER UPDATE ON activities
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patella_bump_activities_version_rows();
--> statement-breakpoint
CREATE TRIGGER activities_bump_version_delete AFTER DELETE ON activities
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION patella_bump_activities_version_rows();
