-- Analytics speed (issue 8): facts about each stage_history entry's place in its record's history,
-- stored at write time so the funnel is one range scan + GROUP BY instead of three window sorts
-- over the period's history, and each deal's first history time so the sales cycle needs no probe.
--   next_changed_at     the changed_at of the record's next entry (order changed_at, id); null for
--                       the latest entry (days in stage);
--   prior_same_stage_at the changed_at of the record's previous entry into the same to_stage_id
--                       (same order); null for the first one (an entry is the record's first into
--                       its stage in a period when this is null or before the period's start);
--   later_stage_ids     the distinct to_stage_ids of the record's entries strictly later (≥ 1 ms:
--                       timestamps are whole milliseconds), sorted; the funnel compares them with
--                       the stages further on under the pipeline's CURRENT positions, so editing a
--                       pipeline leaves nothing stale;
--   deals.first_history_at  min(changed_at) of the deal's history (null without any).
-- A database trigger keeps them right whoever writes stage_history (API moves, set-based stage moves,
-- imported history out of time order, demo and bench seeds, deletes and record purges by cascade):
-- statement-level with transition tables for INSERT and DELETE (one set-based recomputation of the
-- touched records' histories per statement), row-level for an UPDATE that changes a record's order
-- (its WHEN clause is false for the trigger's own writes, so it never recurses).
ALTER TABLE "stage_history" ADD COLUMN "next_changed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "stage_history" ADD COLUMN "prior_same_stage_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "stage_history" ADD COLUMN "later_stage_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "first_history_at" timestamp (3) with time zone;--> statement-breakpoint
-- Recomputes the derived columns of every entry of the given records — deals (p_deal_org[i],
-- p_deal[i]) and leads (p_lead_org[i], p_lead[i]); a null array = none of that kind, and its branch
-- is not run at all — and the deals' first_history_at; writes only the rows whose values change.
CREATE OR REPLACE FUNCTION relata_stage_history_respan(p_deal_org uuid[], p_deal uuid[], p_lead_org uuid[],
                                                       p_lead uuid[]) RETURNS void
LANGUAGE sql AS $$
  WITH hs AS (
    SELECT h.org_id, h.id, h.deal_id, h.lead_id, h.to_stage_id, h.changed_at,
           h.next_changed_at, h.prior_same_stage_at, h.later_stage_ids
      FROM (SELECT DISTINCT o, x FROM unnest(p_deal_org, p_deal) AS u(o, x)) r
      JOIN stage_history h ON h.org_id = r.o AND h.deal_id = r.x
     WHERE p_deal IS NOT NULL AND h.deal_id IS NOT NULL
    UNION ALL
    SELECT h.org_id, h.id, h.deal_id, h.lead_id, h.to_stage_id, h.changed_at,
           h.next_changed_at, h.prior_same_stage_at, h.later_stage_ids
      FROM (SELECT DISTINCT o, x FROM unnest(p_lead_org, p_lead) AS u(o, x)) r
      JOIN stage_history h ON h.org_id = r.o AND h.lead_id = r.x
     WHERE p_lead IS NOT NULL AND h.lead_id IS NOT NULL),
  w AS (
    SELECT hs.*,
           lead(changed_at) OVER (PARTITION BY org_id, deal_id, lead_id ORDER BY changed_at, id) AS new_next,
           lag(changed_at) OVER (PARTITION BY org_id, deal_id, lead_id, to_stage_id ORDER BY changed_at, id) AS new_prior,
           array_agg(to_stage_id) OVER (PARTITION BY org_id, deal_id, lead_id ORDER BY changed_at
             RANGE BETWEEN '1 millisecond' FOLLOWING AND UNBOUNDED FOLLOWING) AS later_all
      FROM hs),
  v AS (
    SELECT w.org_id, w.id, w.new_next, w.new_prior,
           ARRAY(SELECT DISTINCT s FROM unnest(w.later_all) AS s ORDER BY s) AS new_later
      FROM w)
  UPDATE stage_history h
     SET next_changed_at = v.new_next, prior_same_stage_at = v.new_prior, later_stage_ids = v.new_later
    FROM v
   WHERE h.org_id = v.org_id AND h.id = v.id
     AND (h.next_changed_at IS DISTINCT FROM v.new_next OR h.prior_same_stage_at IS DISTINCT FROM v.new_prior
          OR h.later_stage_ids <> v.new_later);
  WITH f AS (
    SELECT r.o, r.x, min(h.changed_at) AS first_at
      FROM (SELECT DISTINCT o, x FROM unnest(p_deal_org, p_deal) AS u(o, x)) r
      LEFT JOIN stage_history h ON h.org_id = r.o AND h.deal_id = r.x AND h.deal_id IS NOT NULL
     WHERE p_deal IS NOT NULL
     GROUP BY r.o, r.x)
  UPDATE deals d SET first_history_at = f.first_at
    FROM f
   WHERE d.org_id = f.o AND d.id = f.x AND d.first_history_at IS DISTINCT FROM f.first_at;
$$;
--> statement-breakpoint
-- The trigger function: the records a statement's rows belong to (transition tables), or for a
-- row-level UPDATE the row's old and new record.
CREATE OR REPLACE FUNCTION relata_stage_history_spans() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  deal_orgs uuid[];
  deal_ids uuid[];
  lead_orgs uuid[];
  lead_ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(org_id) FILTER (WHERE deal_id IS NOT NULL), array_agg(deal_id) FILTER (WHERE deal_id IS NOT NULL),
           array_agg(org_id) FILTER (WHERE lead_id IS NOT NULL), array_agg(lead_id) FILTER (WHERE lead_id IS NOT NULL)
      INTO deal_orgs, deal_ids, lead_orgs, lead_ids
      FROM (SELECT DISTINCT org_id, deal_id, lead_id FROM new_rows) s;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(org_id) FILTER (WHERE deal_id IS NOT NULL), array_agg(deal_id) FILTER (WHERE deal_id IS NOT NULL),
           array_agg(org_id) FILTER (WHERE lead_id IS NOT NULL), array_agg(lead_id) FILTER (WHERE lead_id IS NOT NULL)
      INTO deal_orgs, deal_ids, lead_orgs, lead_ids
      FROM (SELECT DISTINCT org_id, deal_id, lead_id FROM old_rows) s;
  ELSE
    SELECT array_agg(o) FILTER (WHERE d IS NOT NULL), array_agg(d) FILTER (WHERE d IS NOT NULL),
           array_agg(o) FILTER (WHERE l IS NOT NULL), array_agg(l) FILTER (WHERE l IS NOT NULL)
      INTO deal_orgs, deal_ids, lead_orgs, lead_ids
      FROM (VALUES (OLD.org_id, OLD.deal_id, OLD.lead_id), (NEW.org_id, NEW.deal_id, NEW.lead_id)) AS v(o, d, l);
  END IF;
  IF deal_ids IS NOT NULL OR lead_ids IS NOT NULL THEN
    PERFORM relata_stage_history_respan(deal_orgs, deal_ids, lead_orgs, lead_ids);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER stage_history_spans_insert AFTER INSERT ON stage_history REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION relata_stage_history_spans();
--> statement-breakpoint
CREATE TRIGGER stage_history_spans_delete AFTER DELETE ON stage_history REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION relata_stage_history_spans();
--> statement-breakpoint
CREATE TRIGGER stage_history_spans_update AFTER UPDATE ON stage_history FOR EACH ROW
  WHEN (OLD.changed_at IS DISTINCT FROM NEW.changed_at OR OLD.id IS DISTINCT FROM NEW.id
        OR OLD.to_stage_id IS DISTINCT FROM NEW.to_stage_id OR OLD.org_id IS DISTINCT FROM NEW.org_id
        OR OLD.deal_id IS DISTINCT FROM NEW.deal_id OR OLD.lead_id IS DISTINCT FROM NEW.lead_id)
  EXECUTE FUNCTION relata_stage_history_spans();
--> statement-breakpoint
-- The funnel's index (replaces stage_history_pipeline_idx, which only analytics read): one range per
-- stage and period, carrying every column the funnel and its drill-down read, so both are index-only
-- scans (db/schema/sales.ts declares the same key columns: drizzle's index builder has no INCLUDE).
DROP INDEX IF EXISTS "stage_history_pipeline_idx";--> statement-breakpoint
-- The history that exists already.
SELECT relata_stage_history_respan(
         array_agg(org_id) FILTER (WHERE deal_id IS NOT NULL), array_agg(deal_id) FILTER (WHERE deal_id IS NOT NULL),
         array_agg(org_id) FILTER (WHERE lead_id IS NOT NULL), array_agg(lead_id) FILTER (WHERE lead_id IS NOT NULL))
  FROM (SELECT DISTINCT org_id, deal_id, lead_id FROM stage_history) s;
--> statement-breakpoint
CREATE INDEX "stage_history_stage_idx" ON "stage_history" USING btree ("org_id","to_stage_id","changed_at")
  INCLUDE ("deal_id","lead_id","next_changed_at","prior_same_stage_at","later_stage_ids");
--> statement-breakpoint
-- Deals won in a period (dashboard, reps, reasons, drill-downs) read by an index-only scan: the
-- sales-cycle start (created_at, first_history_at), scope (owner, pipeline) and money (amount,
-- currency, status and closed_at for the conversion day) ride in the index.
DROP INDEX IF EXISTS "deals_live_won_idx";--> statement-breakpoint
CREATE INDEX "deals_live_won_idx" ON "deals" USING btree ("org_id","won_at")
  INCLUDE ("created_at","first_history_at","closed_at","status","owner_id","pipeline_id","amount","currency")
  WHERE "deals"."deleted_at" is null and "deals"."status" = 'won';
--> statement-breakpoint
-- Leads created in a period (dashboard: new leads, cohort conversion) by an index-only scan too; the
-- year's count was a parallel sequential scan of leads at 100,000 leads (bench/analytics).
DROP INDEX IF EXISTS "leads_live_created_idx";--> statement-breakpoint
CREATE INDEX "leads_live_created_idx" ON "leads" USING btree ("org_id","created_at")
  INCLUDE ("converted_at","owner_id","pipeline_id") WHERE "leads"."deleted_at" is null;
