-- Global search (issue 7, modules/search): accent folding, a language-neutral text-search
-- configuration, a search key per searchable table and the indexes the search statement uses.
--  * unaccent (hand-written: drizzle-kit never writes CREATE EXTENSION) and relata_unaccent(text):
--    the two-argument unaccent names its dictionary, so wrapping it as IMMUTABLE is safe and lets it
--    be used in generated columns.
--  * relata_search: `simple` with unaccent in front for word-like tokens (no stemming, no stop words:
--    names and e-mail parts are not English), used to rank candidates with ts_rank.
--  * `search_key` (generated, lower-cased and accent-folded: "José" and "jose" are the same key) on
--    companies, contacts, leads, deals, activities and notes (tags stripped from the HTML body), each
--    with a pg_trgm GIN index (prefix and typo-tolerant `%>` word similarity, and LIKE for digits).
--    New columns rather than a changed `search_text`: the list filters' `q` compares lower(q) with
--    `search_text`, and folding that column would stop "José" from matching there.
--  * btree on live companies' phones: the exact E.164 arm of a phone-shaped query (the contacts'
--    phone / mobile indexes of that arm come with 0020_audit_log, same definition).
--  * pg_trgm's operators and `@@` are not LEAKPROOF, so under row-level security their conditions
--    are evaluated after the policy and never use an index (see 0006 for LIKE). Their errors depend
--    only on the query, never on a row's value; a superuser marks them (both members of each
--    commutator pair), anyone else gets a NOTICE and search stays correct but scans the
--    organisation; the server logs a warning at start-up (modules/search/search.routes.ts).
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.relata_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN public.unaccent('public.unaccent'::regdictionary, $1);
--> statement-breakpoint
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'relata_search') THEN
    CREATE TEXT SEARCH CONFIGURATION public.relata_search (COPY = pg_catalog.simple);
    ALTER TEXT SEARCH CONFIGURATION public.relata_search
      ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart
      WITH public.unaccent, simple;
  END IF;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION public.similarity_op(text, text) LEAKPROOF;
    ALTER FUNCTION public.word_similarity_op(text, text) LEAKPROOF;
    ALTER FUNCTION public.word_similarity_commutator_op(text, text) LEAKPROOF;
    ALTER FUNCTION public.strict_word_similarity_op(text, text) LEAKPROOF;
    ALTER FUNCTION public.strict_word_similarity_commutator_op(text, text) LEAKPROOF;
    ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF;
    ALTER FUNCTION pg_catalog.ts_match_qv(tsquery, tsvector) LEAKPROOF;
  ELSE
    RAISE NOTICE 'relata: not a superuser, so pg_trgm''s operators and @@ stay non-leakproof and global search cannot use its indexes under RLS; a superuser can run: ALTER FUNCTION public.similarity_op(text, text) LEAKPROOF; ALTER FUNCTION public.word_similarity_op(text, text) LEAKPROOF; ALTER FUNCTION public.word_similarity_commutator_op(text, text) LEAKPROOF; ALTER FUNCTION public.strict_word_similarity_op(text, text) LEAKPROOF; ALTER FUNCTION public.strict_word_similarity_commutator_op(text, text) LEAKPROOF; ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF; ALTER FUNCTION pg_catalog.ts_match_qv(tsquery, tsvector) LEAKPROOF;';
  END IF;
END $$;
--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "search_key" text GENERATED ALWAYS AS (public.relata_unaccent(lower(coalesce(name, '') || ' ' || coalesce(domain, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(tax_id, '')))) STORED;
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "search_key" text GENERATED ALWAYS AS (public.relata_unaccent(lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(mobile, '')))) STORED;
--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "search_key" text GENERATED ALWAYS AS (public.relata_unaccent(lower(coalesce(title, '') || ' ' || coalesce(company_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(tax_id, '') || ' ' || relata_immutable_join(phones)))) STORED;
--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "search_key" text GENERATED ALWAYS AS (public.relata_unaccent(lower(coalesce(name, '')))) STORED;
--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "search_key" text GENERATED ALWAYS AS (public.relata_unaccent(lower(coalesce(subject, '') || ' ' || coalesce(description, '')))) STORED;
--> statement-breakpoint
ALTER TABLE "notes" ADD COLUMN "search_key" text GENERATED ALWAYS AS (public.relata_unaccent(lower(replace(replace(replace(replace(replace(replace(regexp_replace(body, '<[^>]*>', ' ', 'g'), '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&')))) STORED;
--> statement-breakpoint
CREATE INDEX "companies_search_key_trgm_idx" ON "companies" USING gin ("search_key" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "contacts_search_key_trgm_idx" ON "contacts" USING gin ("search_key" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "leads_search_key_trgm_idx" ON "leads" USING gin ("search_key" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "deals_search_key_trgm_idx" ON "deals" USING gin ("search_key" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "activities_search_key_trgm_idx" ON "activities" USING gin ("search_key" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "notes_search_key_trgm_idx" ON "notes" USING gin ("search_key" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "companies_live_phone_idx" ON "companies" USING btree ("org_id","phone") WHERE "deleted_at" IS NULL AND "phone" IS NOT NULL;
