-- What the request role (relata_app) may touch outside tenant tables. Credentials (accounts,
-- verifications) and installation secrets (system_settings) stay out of its reach entirely.
GRANT SELECT, INSERT, UPDATE ON organizations TO relata_app;
--> statement-breakpoint
GRANT SELECT (id, name, email, created_at, default_org_id) ON users TO relata_app;
--> statement-breakpoint
GRANT UPDATE (name, default_org_id, updated_at) ON users TO relata_app;
--> statement-breakpoint
GRANT SELECT (id, user_id, active_org_id) ON sessions TO relata_app;
--> statement-breakpoint
GRANT UPDATE (active_org_id) ON sessions TO relata_app;
--> statement-breakpoint
SELECT relata_apply_tenant_rls();
--> statement-breakpoint
-- A signed-in user may list their own memberships across organisations (organisation switcher):
-- a second, SELECT-only policy keyed on app.user_id. Writes still need app.org_id.
CREATE POLICY memberships_self ON memberships FOR SELECT
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
