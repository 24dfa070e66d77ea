-- The first statement of a personal calendar feed request (`GET /ical/{token}.ics`, issue 5): like
-- relata_begin_api_key (migrations 0003 / 0007) it switches to relata_app, sets app.org_id (and
-- app.user_id once the feed is found) with set_config(…, true) for the transaction only, and returns
-- the feed owner's membership, user and organisation name. No row when the token hash is unknown in
-- p_org (never issued, revoked, or replaced by a regenerated token).
--
-- Not SECURITY DEFINER, deliberately: PostgreSQL refuses to change `role` inside a security-definer
-- function ("cannot set parameter "role" within security-definer function"), and the role switch is
-- what puts the rest of the transaction under row-level security. Like the other relata_begin_*
-- functions it runs with the caller's (owner connection's) rights only until that switch; its own
-- lookups already run as relata_app, inside p_org's RLS scope.
CREATE OR REPLACE FUNCTION relata_begin_calendar_feed(p_org uuid, p_token_hash text)
RETURNS TABLE (membership_id uuid, user_id uuid, org_name text)
LANGUAGE plpgsql AS $$
DECLARE
  f record;
BEGIN
  PERFORM set_config('role', 'relata_app', true);
  PERFORM set_config('app.org_id', p_org::text, true);
  PERFORM set_config('app.user_id', '', true);
  SELECT m.id AS mid, m.user_id AS uid, o.name AS oname
    INTO f
    FROM calendar_feeds c
    JOIN memberships m ON m.org_id = c.org_id AND m.id = c.membership_id
    JOIN organizations o ON o.id = c.org_id
   WHERE c.org_id = p_org AND c.token_hash = p_token_hash;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  PERFORM set_config('app.user_id', f.uid::text, true);
  RETURN QUERY SELECT f.mid, f.uid, f.oname;
END $$;
