-- Issue 6: the audit log, the duplicate finder's keys and indexes, and the `merged` timeline entry.
--
-- 1. audit_entries (db/schema/audit.ts): who did what to which record, with the record before and
--    after (DESIGN §2 "Audit log"). The actor columns carry no foreign key on purpose: an audit entry
--    must keep naming its actor after the membership or API key is removed.
-- 2. relata_email_key / relata_domain_key: the normalised keys the duplicate finder compares
--    (modules/duplicates). plpgsql so the planner does not inline them: an inlined body (lower,
--    regexp_replace) is not LEAKPROOF, and under row-level security only LEAKPROOF conditions can use
--    an index (see 0006). The functions cannot fail on any text value, so when migrating as a
--    superuser they are marked LEAKPROOF, as is pg_trgm's `%` (similarity_op, same reasoning: its
--    result depends on the values but it never raises), so `name % name` joins use the trigram index.
--    Without a superuser the finder stays correct but scans (the server logs 0006's warning).
-- 3. Indexes: phone/mobile equality, the expression keys, a trigram index on company names.
-- 4. timeline_entries_type_check gains 'merged' (a merge leaves a timeline entry on the survivor).
CREATE TABLE "audit_entries" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"actor_membership_id" uuid,
	"actor_api_key_id" uuid,
	"action" text NOT NULL,
	"record_type" text,
	"record_id" uuid,
	"before" jsonb,
	"after" jsonb,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "audit_entries_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "audit_entries_at_idx" ON "audit_entries" USING btree ("org_id","at" DESC,"id" DESC);
--> statement-breakpoint
CREATE INDEX "audit_entries_record_idx" ON "audit_entries" USING btree ("org_id","record_type","record_id","at" DESC,"id" DESC);
--> statement-breakpoint
CREATE INDEX "audit_entries_action_idx" ON "audit_entries" USING btree ("org_id","action","at" DESC,"id" DESC);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION relata_email_key(email text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  e text := lower(btrim(email));
  local text;
  dom text;
BEGIN
  IF e IS NULL OR e = '' OR position('@' in e) = 0 THEN RETURN nullif(e, ''); END IF;
  local := split_part(e, '@', 1);
  dom := substr(e, length(local) + 2);
  -- Sub-addressing (RFC 5233 "detail"): Gmail, Outlook, iCloud, Fastmail and Proton all deliver
  -- name+tag@ to name@.
  local := split_part(local, '+', 1);
  -- Gmail ignores dots in the local part, and googlemail.com is gmail.com.
  IF dom IN ('gmail.com', 'googlemail.com') THEN
    local := replace(local, '.', '');
    dom := 'gmail.com';
  END IF;
  RETURN local || '@' || dom;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION relata_domain_key(url text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  h text := lower(btrim(url));
BEGIN
  IF h IS NULL OR h = '' THEN RETURN NULL; END IF;
  h := regexp_replace(h, '^[a-z][a-z0-9+.-]*://', '');
  h := regexp_replace(h, '^[^/@]*@', '');
  h := regexp_replace(h, '[/:?#].*$', '');
  h := regexp_replace(h, '^www\.', '');
  h := rtrim(h, '.');
  RETURN nullif(h, '');
END $$;
--> statement-breakpoint
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION relata_email_key(text) LEAKPROOF;
    ALTER FUNCTION relata_domain_key(text) LEAKPROOF;
    ALTER FUNCTION public.similarity_op(text, text) LEAKPROOF;
  ELSE
    RAISE NOTICE 'relata: not a superuser, so the duplicate finder cannot use its indexes under RLS; a superuser can run: ALTER FUNCTION relata_email_key(text) LEAKPROOF; ALTER FUNCTION relata_domain_key(text) LEAKPROOF; ALTER FUNCTION similarity_op(text, text) LEAKPROOF;';
  END IF;
END $$;
--> statement-breakpoint
CREATE INDEX "contacts_live_email_norm_idx" ON "contacts" USING btree ("org_id", relata_email_key("email")) WHERE "deleted_at" IS NULL AND "email" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "contacts_live_phone_idx" ON "contacts" USING btree ("org_id","phone") WHERE "deleted_at" IS NULL AND "phone" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "contacts_live_mobile_idx" ON "contacts" USING btree ("org_id","mobile") WHERE "deleted_at" IS NULL AND "mobile" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "contacts_live_company_name_idx" ON "contacts" USING btree ("org_id","company_id","id") INCLUDE ("full_name") WHERE "deleted_at" IS NULL AND "company_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "companies_live_website_key_idx" ON "companies" USING btree ("org_id", relata_domain_key("website")) WHERE "deleted_at" IS NULL AND "website" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "companies_live_name_trgm_idx" ON "companies" USING gin ("name" gin_trgm_ops) WHERE "deleted_at" IS NULL;
--> statement-breakpoint
ALTER TABLE "timeline_entries" DROP CONSTRAINT "timeline_entries_type_check";
--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_type_check" CHECK ("timeline_entries"."type" in ('created', 'stage_changed', 'status_changed', 'field_changed', 'converted', 'activity', 'note', 'merged'));
