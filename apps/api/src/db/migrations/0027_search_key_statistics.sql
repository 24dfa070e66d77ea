-- Search planning time (issue 7 "Performance": search p95 ≤ 50 ms at 1,000,000 contacts; bench/search).
-- To estimate `search_key %> $word` (pg_trgm's word-similarity operator, restriction estimator
-- `matchingsel`), the planner evaluates word_similarity() against every histogram entry of the column
-- when the histogram has 10 or more (selfuncs.c `generic_restriction_selectivity`): ~100 long keys at
-- ~30 µs each, 2–3 ms per condition, and a search statement holds one or two per type and word — 27 ms
-- of planning for a 90 ms search. The estimate buys nothing: the keys are nearly unique and the search
-- statement fixes its plan shape itself (bitmap scans of the trigram index, search.service.ts
-- `prepareSearch`). With a statistics target of 5 the histogram has 6 entries, so the planner uses
-- the operator's default selectivity at once; planning fell to 7 ms (bench DB). No other query filters
-- on search_key.
ALTER TABLE "contacts" ALTER COLUMN "search_key" SET STATISTICS 5;
--> statement-breakpoint
ALTER TABLE "companies" ALTER COLUMN "search_key" SET STATISTICS 5;
--> statement-breakpoint
ALTER TABLE "leads" ALTER COLUMN "search_key" SET STATISTICS 5;
--> statement-breakpoint
ALTER TABLE "deals" ALTER COLUMN "search_key" SET STATISTICS 5;
--> statement-breakpoint
ALTER TABLE "activities" ALTER COLUMN "search_key" SET STATISTICS 5;
--> statement-breakpoint
ALTER TABLE "notes" ALTER COLUMN "search_key" SET STATISTICS 5;
--> statement-breakpoint
ANALYZE "contacts" ("search_key");
--> statement-breakpoint
ANALYZE "companies" ("search_key");
--> statement-breakpoint
ANALYZE "leads" ("search_key");
--> statement-breakpoint
ANALYZE "deals" ("search_key");
--> statement-breakpoint
ANALYZE "activities" ("search_key");
--> statement-breakpoint
ANALYZE "notes" ("search_key");
