-- Analytics (issue 8): the organisation's reporting currency and its rate table (`currency_rates`, one
-- rate per currency and start date; RLS, the tenant policy and grants come from relata_apply_tenant_rls()
-- after the migration run), a won reason on deals, and period indexes for the reports: deals by close
-- time, by creation time, open deals by expected close date; leads by creation and conversion time.
CREATE TABLE "currency_rates" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"currency" text NOT NULL,
	"rate" numeric(24, 12) NOT NULL,
	"valid_from" date NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "currency_rates_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "currency_rates_currency_from_key" UNIQUE("org_id","currency","valid_from"),
	CONSTRAINT "currency_rates_rate_check" CHECK ("currency_rates"."rate" > 0),
	CONSTRAINT "currency_rates_currency_check" CHECK ("currency_rates"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "reporting_currency" text DEFAULT 'USD' NOT NULL;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "won_reason" text;--> statement-breakpoint
ALTER TABLE "currency_rates" ADD CONSTRAINT "currency_rates_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deals_live_closed_idx" ON "deals" USING btree ("org_id","closed_at") WHERE "deals"."deleted_at" is null and "deals"."closed_at" is not null;--> statement-breakpoint
CREATE INDEX "deals_live_created_idx" ON "deals" USING btree ("org_id","created_at") WHERE "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "deals_open_expected_close_idx" ON "deals" USING btree ("org_id","expected_close_date") WHERE "deals"."deleted_at" is null and "deals"."status" = 'open';--> statement-breakpoint
CREATE INDEX "leads_live_created_idx" ON "leads" USING btree ("org_id","created_at") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_live_converted_idx" ON "leads" USING btree ("org_id","converted_at") WHERE "leads"."deleted_at" is null and "leads"."converted_at" is not null;