-- Every change to a runner's activities bumps users.activities_version, so a cached load report
-- can be checked against one number read with the runner's settings (lib/load/for-runner.ts).
CREATE OR REPLACE FUNCTION patella_bump_activities_version() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    UPDATE users SET activities_version = activities_version + 1 WHERE id = OLD.user_id;
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
    UPDATE users SET activities_version = activities_version + 1 WHERE id = NEW.user_id;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER activities_bump_version
AFTER INSERT OR UPDATE OR DELETE ON activities
FOR EACH ROW EXECUTE FUNCTION patella_bump_activities_version();
