DROP INDEX "companies_live_lower_name_idx";--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "name_key" text GENERATED ALWAYS AS (lower(name)) STORED;--> statement-breakpoint
CREATE INDEX "companies_live_name_key_idx" ON "companies" USING btree ("org_id","name_key") WHERE "companies"."deleted_at" is null;