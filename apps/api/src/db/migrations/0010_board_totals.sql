-- Board totals without scanning a pipeline (bench/boards: the per-request aggregate over 180,000 deals
-- took ~240 ms): stage_totals is kept in the writing transaction by statement-level triggers with
-- transition tables on leads and deals — one set-based upsert of the net deltas per statement,
-- nothing written when a statement changes no counted column. The board position index becomes
-- (org_id, stage_id, position, id): placing a card looks its neighbours up by stage alone.
CREATE TABLE "stage_totals" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"owner_id" uuid,
	"currency" text,
	"status" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	"amount_sum" numeric DEFAULT '0' NOT NULL,
	"override_weighted" numeric DEFAULT '0' NOT NULL,
	"default_amount" numeric DEFAULT '0' NOT NULL,
	CONSTRAINT "stage_totals_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "stage_totals_group_key" UNIQUE NULLS NOT DISTINCT("org_id","stage_id","owner_id","currency","status")
);
--> statement-breakpoint
DROP INDEX "deals_board_idx";--> statement-breakpoint
DROP INDEX "leads_board_idx";--> statement-breakpoint
ALTER TABLE "stage_totals" ADD CONSTRAINT "stage_totals_stage_fk" FOREIGN KEY ("org_id","pipeline_id","stage_id") REFERENCES "public"."stages"("org_id","pipeline_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stage_totals_pipeline_idx" ON "stage_totals" USING btree ("org_id","pipeline_id");--> statement-breakpoint
CREATE INDEX "deals_stage_position_idx" ON "deals" USING btree ("org_id","stage_id","position","id") WHERE "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_stage_position_idx" ON "leads" USING btree ("org_id","stage_id","position","id") WHERE "leads"."deleted_at" is null;
--> statement-breakpoint
-- Applies signed rows (+1 new, -1 old; live rows only) to stage_totals. A group whose net change is
-- nil is skipped; groups are upserted in key order so concurrent writers lock rows in one order.
-- Rows whose stage no longer exists (an organisation being deleted) are ignored.
CREATE OR REPLACE FUNCTION relata_apply_stage_deltas(deltas jsonb) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO stage_totals AS t (org_id, pipeline_id, stage_id, owner_id, currency, status, n, amount_sum,
                                 override_weighted, default_amount)
  SELECT d.org_id, d.pipeline_id, d.stage_id, d.owner_id, d.currency, d.status, sum(d.sign)::int,
         coalesce(sum(d.sign * d.amount), 0),
         coalesce(sum(d.sign * d.amount * d.probability) FILTER (WHERE d.probability IS NOT NULL), 0),
         coalesce(sum(d.sign * d.amount) FILTER (WHERE d.probability IS NULL), 0)
    FROM jsonb_to_recordset(deltas) AS d(org_id uuid, pipeline_id uuid, stage_id uuid, owner_id uuid, currency text,
                                         status text, amount numeric, probability int, sign int)
   WHERE EXISTS (SELECT 1 FROM stages s WHERE s.org_id = d.org_id AND s.id = d.stage_id)
   GROUP BY d.org_id, d.pipeline_id, d.stage_id, d.owner_id, d.currency, d.status
  HAVING sum(d.sign) <> 0 OR coalesce(sum(d.sign * d.amount), 0) <> 0
      OR coalesce(sum(d.sign * d.amount * d.probability) FILTER (WHERE d.probability IS NOT NULL), 0) <> 0
      OR coalesce(sum(d.sign * d.amount) FILTER (WHERE d.probability IS NULL), 0) <> 0
   ORDER BY d.org_id, d.stage_id, d.owner_id, d.currency, d.status
  ON CONFLICT ON CONSTRAINT stage_totals_group_key DO UPDATE
     SET n = t.n + EXCLUDED.n,
         amount_sum = t.amount_sum + EXCLUDED.amount_sum,
         override_weighted = t.override_weighted + EXCLUDED.override_weighted,
         default_amount = t.default_amount + EXCLUDED.default_amount
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION relata_stage_totals_deals() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  deltas jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_agg(jsonb_build_object('org_id', org_id, 'pipeline_id', pipeline_id, 'stage_id', stage_id,
             'owner_id', owner_id, 'currency', currency, 'status', status, 'amount', amount,
             'probability', probability, 'sign', 1))
      INTO deltas FROM new_rows WHERE deleted_at IS NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_agg(jsonb_build_object('org_id', org_id, 'pipeline_id', pipeline_id, 'stage_id', stage_id,
             'owner_id', owner_id, 'currency', currency, 'status', status, 'amount', amount,
             'probability', probability, 'sign', -1))
      INTO deltas FROM old_rows WHERE deleted_at IS NULL;
  ELSE
    SELECT jsonb_agg(x) INTO deltas FROM (
      SELECT jsonb_build_object('org_id', org_id, 'pipeline_id', pipeline_id, 'stage_id', stage_id,
               'owner_id', owner_id, 'currency', currency, 'status', status, 'amount', amount,
               'probability', probability, 'sign', 1) AS x
        FROM new_rows WHERE deleted_at IS NULL
      UNION ALL
      SELECT jsonb_build_object('org_id', org_id, 'pipeline_id', pipeline_id, 'stage_id', stage_id,
               'owner_id', owner_id, 'currency', currency, 'status', status, 'amount', amount,
               'probability', probability, 'sign', -1)
        FROM old_rows WHERE deleted_at IS NULL) s;
  END IF;
  IF deltas IS NOT NULL THEN PERFORM relata_apply_stage_deltas(deltas); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION relata_stage_totals_leads() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  deltas jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_agg(jsonb_build_object('org_id', org_id, 'pipeline_id', pipeline_id, 'stage_id', stage_id,
             'owner_id', owner_id, 'currency', expected_revenue_currency, 'status', status,
             'amount', expected_revenue_amount, 'probability', probability, 'sign', 1))
      INTO deltas FROM new_rows WHERE deleted_at IS NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_agg(jsonb_build_object('org_id', org_id, 'pipeline_id', pipeline_id, 'stage_id', stage_id,
             'owner_id', owner_id, 'currency', expected_revenue_currency, 'status', status,
             'amount', expected_revenue_amount, 'probability', probability, 'sign', -1))
      INTO deltas FROM old_rows WHERE deleted_at IS NULL;
  ELSE
    SELECT jsonb_agg(x) INTO deltas FROM (
      SELECT jsonb_build_object('org_id', org_id, 'pipeline_id', pipeline_id, 'stage_id', stage_id,
               'owner_id', owner_id, 'currency', expected_revenue_currency, 'status', status,
               'amount', expected_revenue_amount, 'probability', probability, 'sign', 1) AS x
        FROM new_rows WHERE deleted_at IS NULL
      UNION ALL
      SELECT jsonb_build_object('org_id', org_id, 'pipeline_id', pipeline_id, 'stage_id', stage_id,
               'owner_id', owner_id, 'currency', expected_revenue_currency, 'status', status,
               'amount', expected_revenue_amount, 'probability', probability, 'sign', -1)
        FROM old_rows WHERE deleted_at IS NULL) s;
  END IF;
  IF deltas IS NOT NULL THEN PERFORM relata_apply_stage_deltas(deltas); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER deals_stage_totals_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION relata_stage_totals_deals();
--> statement-breakpoint
CREATE TRIGGER deals_stage_totals_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION relata_stage_totals_deals();
--> statement-breakpoint
CREATE TRIGGER deals_stage_totals_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION relata_stage_totals_deals();
--> statement-breakpoint
CREATE TRIGGER leads_stage_totals_insert AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION relata_stage_totals_leads();
--> statement-breakpoint
CREATE TRIGGER leads_stage_totals_update AFTER UPDATE ON leads REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION relata_stage_totals_leads();
--> statement-breakpoint
CREATE TRIGGER leads_stage_totals_delete AFTER DELETE ON leads REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION relata_stage_totals_leads();
--> statement-breakpoint
-- Totals of the records that exist already.
INSERT INTO stage_totals (org_id, pipeline_id, stage_id, owner_id, currency, status, n, amount_sum, override_weighted,
                          default_amount)
SELECT org_id, pipeline_id, stage_id, owner_id, currency, status, count(*), coalesce(sum(amount), 0),
       coalesce(sum(amount * probability) FILTER (WHERE probability IS NOT NULL), 0),
       coalesce(sum(amount) FILTER (WHERE probability IS NULL), 0)
  FROM (SELECT org_id, pipeline_id, stage_id, owner_id, currency, status, amount::numeric AS amount, probability
          FROM deals WHERE deleted_at IS NULL
        UNION ALL
        SELECT org_id, pipeline_id, stage_id, owner_id, expected_revenue_currency, status,
               expected_revenue_amount::numeric, probability
          FROM leads WHERE deleted_at IS NULL) r
 GROUP BY org_id, pipeline_id, stage_id, owner_id, currency, status;
