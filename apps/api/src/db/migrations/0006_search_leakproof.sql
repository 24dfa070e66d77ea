-- Text search `q` (LIKE on search_text) must be able to use the pg_trgm GIN indexes under row-level
-- security. PostgreSQL only evaluates a query's condition before the RLS policy (which an index scan
-- does) when its operator's function is LEAKPROOF; textlike/texticlike (LIKE / ILIKE) are not marked
-- so, hence every search under relata_app was a scan of the whole organisation (≈1 s at 1M contacts,
-- bench/lists). Their only errors depend on the pattern or the collation, never on the row's value,
-- so they cannot reveal rows the policy hides; marking them leakproof is the documented workaround
-- (PostgreSQL docs "CREATE FUNCTION … LEAKPROOF"; pgsql-hackers on LIKE and RLS).
-- Only a superuser may mark a function leakproof: any other migrating role gets a NOTICE, search
-- stays correct but scans, and the server logs a warning at start-up with the statements for a DBA.
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF;
    ALTER FUNCTION pg_catalog.texticlike(text, text) LEAKPROOF;
  ELSE
    RAISE NOTICE 'relata: not a superuser, so LIKE stays non-leakproof and text search cannot use its trigram indexes under RLS; a superuser can run: ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF; ALTER FUNCTION pg_catalog.texticlike(text, text) LEAKPROOF;';
  END IF;
END $$;
