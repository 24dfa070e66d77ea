-- Platform prerequisites (hand-written: drizzle-kit never writes CREATE EXTENSION).
-- pg_trgm and citext are trusted extensions (PostgreSQL 13+): a database owner may create them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS citext;
--> statement-breakpoint
-- The role every request transaction runs as (SET LOCAL ROLE): not superuser, not a table owner,
-- no BYPASSRLS, so row-level security applies to it (DESIGN §4). Roles are cluster-wide: create it
-- once; the connecting user must be a member to switch to it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'relata_app') THEN
    CREATE ROLE relata_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
  IF NOT pg_has_role(current_user, 'relata_app', 'MEMBER') THEN
    EXECUTE format('GRANT relata_app TO %I', current_user);
  END IF;
END $$;
--> statement-breakpoint
-- Applies the tenant rules to every table of schema public that has an org_id column: RLS enabled
-- and forced, one policy `tenant_isolation` (USING and WITH CHECK on app.org_id), and DML grants
-- to relata_app. Idempotent; the migrator calls it after every migration run, so a table added by
-- a later migration is covered without repeating this SQL.
CREATE OR REPLACE FUNCTION relata_apply_tenant_rls() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  GRANT USAGE ON SCHEMA public TO relata_app;
  FOR t IN
    SELECT c.relname
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  LOOP
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t.relname);
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', t.relname);
    IF NOT EXISTS (
      SELECT 1 FROM pg_policies
      WHERE schemaname = 'public' AND tablename = t.relname AND policyname = 'tenant_isolation'
    ) THEN
      EXECUTE format(
        'CREATE POLICY tenant_isolation ON public.%I '
        'USING (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid) '
        'WITH CHECK (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)',
        t.relname);
    END IF;
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON public.%I TO relata_app', t.relname);
  END LOOP;
END $$;
