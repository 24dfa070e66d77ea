-- Analytics (issue 8): deals won in a period are read by `won_at` (dashboard, reps, reasons, forecast,
-- drill-downs); `closed_at` may differ from `won_at` for imported history, so deals_live_closed_idx
-- cannot serve them.
CREATE INDEX "deals_live_won_idx" ON "deals" USING btree ("org_id","won_at") WHERE "deals"."deleted_at" is null and "deals"."status" = 'won';
