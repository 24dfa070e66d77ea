-- The request's first statement also returns the organisation's record settings (record_visibility,
-- default_region), which every CRM-record request needs for its visibility rule and phone region:
-- one round trip less per request than reading them separately (bench/lists). The return type
-- changes, so the functions are dropped and recreated; otherwise they are those of 0003.
DROP FUNCTION IF EXISTS relata_begin_session(uuid, uuid);
--> statement-breakpoint
CREATE FUNCTION relata_begin_session(p_org uuid, p_user uuid)
RETURNS TABLE (membership_id uuid, role text, record_visibility text, default_region text)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('role', 'relata_app', true);
  PERFORM set_config('app.org_id', coalesce(p_org::text, ''), true);
  PERFORM set_config('app.user_id', coalesce(p_user::text, ''), true);
  IF p_org IS NOT NULL THEN
    RETURN QUERY
      SELECT m.id, m.role, o.record_visibility, o.default_region
        FROM memberships m JOIN organizations o ON o.id = m.org_id
       WHERE m.org_id = p_org AND m.user_id = p_user;
  END IF;
END $$;
--> statement-breakpoint
DROP FUNCTION IF EXISTS relata_begin_api_key(uuid, text);
--> statement-breakpoint
CREATE FUNCTION relata_begin_api_key(p_org uuid, p_key_hash text)
RETURNS TABLE (key_id uuid, scopes text[], user_id uuid, membership_id uuid, role text,
               record_visibility text, default_region text)
LANGUAGE plpgsql AS $$
DECLARE
  k record;
BEGIN
  PERFORM set_config('role', 'relata_app', true);
  PERFORM set_config('app.org_id', p_org::text, true);
  PERFORM set_config('app.user_id', '', true);
  SELECT a.id, a.scopes, a.created_by, a.last_used_at, m.id AS mid, m.role AS mrole,
         o.record_visibility AS visibility, o.default_region AS region
    INTO k
    FROM api_keys a
    JOIN memberships m ON m.org_id = a.org_id AND m.user_id = a.created_by
    JOIN organizations o ON o.id = a.org_id
   WHERE a.org_id = p_org AND a.key_hash = p_key_hash
     AND a.revoked_at IS NULL AND (a.expires_at IS NULL OR a.expires_at > now());
  IF NOT FOUND THEN
    RETURN;
  END IF;
  PERFORM set_config('app.user_id', k.created_by::text, true);
  IF k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute' THEN
    UPDATE api_keys SET last_used_at = now()
     WHERE (org_id, id) IN (
       SELECT org_id, id FROM api_keys WHERE org_id = p_org AND id = k.id FOR UPDATE SKIP LOCKED
     );
  END IF;
  RETURN QUERY SELECT k.id, k.scopes, k.created_by, k.mid, k.mrole, k.visibility, k.region;
END $$;
