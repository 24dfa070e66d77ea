-- Segment preview speed (issue 7 "Performance": 3 conditions including one on the related company,
-- p95 ≤ 200 ms at 1,000,000 contacts; bench/segments, EXPLAIN in segments.explain.test.ts).
-- The preview's capped count walks the companies matching the company condition and, per company,
-- its live contacts. Both steps read the heap row by row (at 1M contacts ~1,000 companies and ~4,000
-- contacts on random pages: 120 ms of a 120 ms count). Covering indexes make both index-only:
--  * companies_live_industry_idx (0019: org_id, industry) gains `id` (the join key) and INCLUDEs
--    owner_id (the private-rule visibility of a related company);
--  * contacts_live_company_created_idx: a company's live contacts by creation time (the builder's
--    "created in the last N days"), INCLUDing e-mail and owner (the other common conditions and the
--    private rule). The count fell to 17–27 ms (bench DB, same load).
-- Global search needs no new index: its changes are in the statement (modules/search).
DROP INDEX IF EXISTS "companies_live_industry_idx";
--> statement-breakpoint
CREATE INDEX "companies_live_industry_idx" ON "companies" USING btree ("org_id","industry","id") INCLUDE ("owner_id") WHERE "deleted_at" IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contacts_live_company_created_idx" ON "contacts" USING btree ("org_id","company_id","created_at") INCLUDE ("email","owner_id") WHERE "deleted_at" IS NULL;
