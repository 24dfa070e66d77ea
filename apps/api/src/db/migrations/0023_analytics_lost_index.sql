-- Analytics (issue 8): deals lost in a period (status lost, closed_at in range) by index; the dashboard's
-- lost count was a parallel sequential scan of deals at 300,000 deals (bench/analytics).
CREATE INDEX "deals_live_lost_idx" ON "deals" USING btree ("org_id","closed_at") WHERE "deals"."deleted_at" is null and "deals"."status" = 'lost';