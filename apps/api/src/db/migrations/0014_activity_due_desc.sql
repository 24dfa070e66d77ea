-- Descending due-time indexes for activity lists sorted by -due_at ("Done"): the lists order
-- `due_at desc nulls last, id desc`, which a backward scan of activities_(assignee_)due_idx cannot give.
CREATE INDEX "activities_assignee_due_desc_idx" ON "activities" USING btree ("org_id","assignee_id","due_at" DESC NULLS LAST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "activities_due_desc_idx" ON "activities" USING btree ("org_id","due_at" DESC NULLS LAST,"id" DESC NULLS FIRST);