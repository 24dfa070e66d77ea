-- The first statement of every authenticated request transaction: switch to relata_app, set
-- app.org_id / app.user_id with set_config(…, true) (transaction-local, DESIGN §4) and return the
-- caller's membership — one round trip instead of three. Plans of the inner queries are cached by
-- PL/pgSQL per connection. The functions run as the connecting user until the role switch, after
-- which their queries are subject to row-level security like any request query.

-- Session callers: the membership of p_user in p_org (no row when not a member, or p_org is null).
CREATE OR REPLACE FUNCTION relata_begin_session(p_org uuid, p_user uuid)
RETURNS TABLE (membership_id uuid, role text)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('role', 'relata_app', true);
  PERFORM set_config('app.org_id', coalesce(p_org::text, ''), true);
  PERFORM set_config('app.user_id', coalesce(p_user::text, ''), true);
  IF p_org IS NOT NULL THEN
    RETURN QUERY SELECT m.id, m.role FROM memberships m WHERE m.org_id = p_org AND m.user_id = p_user;
  END IF;
END $$;
--> statement-breakpoint
-- API-key callers: the usable (not revoked, not expired) key with this hash in p_org and its
-- creator's membership (no row otherwise). last_used_at is refreshed at most once a minute, skipping
-- the row if a concurrent request holds it, so a busy key never queues requests on its own row.
CREATE OR REPLACE FUNCTION relata_begin_api_key(p_org uuid, p_key_hash text)
RETURNS TABLE (key_id uuid, scopes text[], user_id uuid, membership_id uuid, role text)
LANGUAGE plpgsql AS $$
DECLARE
  k record;
BEGIN
  PERFORM set_config('role', 'relata_app', true);
  PERFORM set_config('app.org_id', p_org::text, true);
  PERFORM set_config('app.user_id', '', true);
  SELECT a.id, a.scopes, a.created_by, a.last_used_at, m.id AS mid, m.role AS mrole
    INTO k
    FROM api_keys a
    JOIN memberships m ON m.org_id = a.org_id AND m.user_id = a.created_by
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
  RETURN QUERY SELECT k.id, k.scopes, k.created_by, k.mid, k.mrole;
END $$;
