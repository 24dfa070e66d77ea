-- Sales core: pipelines, stages, leads, deals, their contacts and tags, stage_history (schema/sales.ts).
-- Hand edits after drizzle-kit generate: the immutable join used by leads.search_text (array_to_string
-- is only STABLE, and a generated column needs IMMUTABLE; for text[] it is immutable in fact), and
-- foreign keys whose ON DELETE needs a column list (`SET NULL (col)`, PostgreSQL 15+; see 0005).
CREATE OR REPLACE FUNCTION relata_immutable_join(text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(array_to_string($1, ' '), '') $$;
--> statement-breakpoint
CREATE TABLE "deal_contacts" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"deal_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deal_contacts_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "deal_contacts_record_contact_key" UNIQUE("org_id","deal_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "deal_tags" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"deal_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deal_tags_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "deal_tags_record_tag_key" UNIQUE("org_id","deal_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "deals" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"company_id" uuid,
	"amount" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"probability" integer,
	"expected_close_date" date,
	"status" text DEFAULT 'open' NOT NULL,
	"type" text,
	"priority" text,
	"lost_reason" text,
	"won_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"source_lead_id" uuid,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"position" text COLLATE "C" NOT NULL,
	"stage_entered_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"search_text" text GENERATED ALWAYS AS (lower(coalesce(name, ''))) STORED,
	"owner_id" uuid,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"deleted_at" timestamp (3) with time zone,
	"deleted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deals_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "deals_status_check" CHECK ("deals"."status" in ('open', 'won', 'lost', 'abandoned')),
	CONSTRAINT "deals_amount_check" CHECK ("deals"."amount" >= 0),
	CONSTRAINT "deals_probability_check" CHECK ("deals"."probability" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "lead_contacts" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lead_contacts_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "lead_contacts_record_contact_key" UNIQUE("org_id","lead_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "lead_tags" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lead_tags_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "lead_tags_record_tag_key" UNIQUE("org_id","lead_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"title" text NOT NULL,
	"company_name" text,
	"tax_id" text,
	"email" text,
	"phones" text[] DEFAULT '{}'::text[] NOT NULL,
	"segment" text,
	"source" text,
	"priority" text,
	"rating" text,
	"score" integer,
	"expected_revenue_amount" bigint,
	"expected_revenue_currency" text,
	"probability" integer,
	"external_id" text,
	"location" text,
	"next_follow_up_at" timestamp (3) with time zone,
	"notes" text,
	"status" text DEFAULT 'open' NOT NULL,
	"lost_reason" text,
	"lost_at" timestamp (3) with time zone,
	"converted_at" timestamp (3) with time zone,
	"converted_company_id" uuid,
	"converted_deal_id" uuid,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"position" text COLLATE "C" NOT NULL,
	"stage_entered_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"search_text" text GENERATED ALWAYS AS (lower(coalesce(title, '') || ' ' || coalesce(company_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(tax_id, '') || ' ' || relata_immutable_join(phones))) STORED,
	"owner_id" uuid,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"deleted_at" timestamp (3) with time zone,
	"deleted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leads_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "leads_status_check" CHECK ("leads"."status" in ('open', 'converted', 'lost')),
	CONSTRAINT "leads_revenue_check" CHECK ("leads"."expected_revenue_amount" >= 0),
	CONSTRAINT "leads_probability_check" CHECK ("leads"."probability" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "pipelines" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pipelines_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "pipelines_org_kind_name_key" UNIQUE("org_id","kind","name"),
	CONSTRAINT "pipelines_kind_check" CHECK ("pipelines"."kind" in ('leads', 'deals'))
);
--> statement-breakpoint
CREATE TABLE "stage_history" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"lead_id" uuid,
	"deal_id" uuid,
	"pipeline_id" uuid NOT NULL,
	"from_stage_id" uuid,
	"to_stage_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"changed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"changed_by" uuid,
	CONSTRAINT "stage_history_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "stage_history_one_record" CHECK (num_nonnulls("stage_history"."lead_id", "stage_history"."deal_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "stages" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"color" text DEFAULT '#868e96' NOT NULL,
	"probability" integer DEFAULT 0 NOT NULL,
	"kind" text DEFAULT 'open' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stages_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "stages_pipeline_id_key" UNIQUE("org_id","pipeline_id","id"),
	CONSTRAINT "stages_pipeline_name_key" UNIQUE("org_id","pipeline_id","name"),
	CONSTRAINT "stages_probability_check" CHECK ("stages"."probability" between 0 and 100),
	CONSTRAINT "stages_kind_check" CHECK ("stages"."kind" in ('open', 'won', 'lost'))
);
--> statement-breakpoint
ALTER TABLE "deal_contacts" ADD CONSTRAINT "deal_contacts_record_fk" FOREIGN KEY ("org_id","deal_id") REFERENCES "public"."deals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_contacts" ADD CONSTRAINT "deal_contacts_contact_fk" FOREIGN KEY ("org_id","contact_id") REFERENCES "public"."contacts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_tags" ADD CONSTRAINT "deal_tags_record_fk" FOREIGN KEY ("org_id","deal_id") REFERENCES "public"."deals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_tags" ADD CONSTRAINT "deal_tags_tag_fk" FOREIGN KEY ("org_id","tag_id") REFERENCES "public"."tags"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_stage_fk" FOREIGN KEY ("org_id","pipeline_id","stage_id") REFERENCES "public"."stages"("org_id","pipeline_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_pipeline_fk" FOREIGN KEY ("org_id","pipeline_id") REFERENCES "public"."pipelines"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_owner_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."memberships"("org_id","id") ON DELETE SET NULL ("owner_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_company_fk" FOREIGN KEY ("org_id","company_id") REFERENCES "public"."companies"("org_id","id") ON DELETE SET NULL ("company_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_source_lead_fk" FOREIGN KEY ("org_id","source_lead_id") REFERENCES "public"."leads"("org_id","id") ON DELETE SET NULL ("source_lead_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_contacts" ADD CONSTRAINT "lead_contacts_record_fk" FOREIGN KEY ("org_id","lead_id") REFERENCES "public"."leads"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_contacts" ADD CONSTRAINT "lead_contacts_contact_fk" FOREIGN KEY ("org_id","contact_id") REFERENCES "public"."contacts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_tags" ADD CONSTRAINT "lead_tags_record_fk" FOREIGN KEY ("org_id","lead_id") REFERENCES "public"."leads"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_tags" ADD CONSTRAINT "lead_tags_tag_fk" FOREIGN KEY ("org_id","tag_id") REFERENCES "public"."tags"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_stage_fk" FOREIGN KEY ("org_id","pipeline_id","stage_id") REFERENCES "public"."stages"("org_id","pipeline_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_pipeline_fk" FOREIGN KEY ("org_id","pipeline_id") REFERENCES "public"."pipelines"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_owner_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."memberships"("org_id","id") ON DELETE SET NULL ("owner_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_converted_company_fk" FOREIGN KEY ("org_id","converted_company_id") REFERENCES "public"."companies"("org_id","id") ON DELETE SET NULL ("converted_company_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipelines" ADD CONSTRAINT "pipelines_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_history" ADD CONSTRAINT "stage_history_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_history" ADD CONSTRAINT "stage_history_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_history" ADD CONSTRAINT "stage_history_lead_fk" FOREIGN KEY ("org_id","lead_id") REFERENCES "public"."leads"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_history" ADD CONSTRAINT "stage_history_deal_fk" FOREIGN KEY ("org_id","deal_id") REFERENCES "public"."deals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stages" ADD CONSTRAINT "stages_pipeline_fk" FOREIGN KEY ("org_id","pipeline_id") REFERENCES "public"."pipelines"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deal_contacts_one_primary" ON "deal_contacts" USING btree ("org_id","deal_id") WHERE "deal_contacts"."is_primary";--> statement-breakpoint
CREATE INDEX "deal_contacts_contact_idx" ON "deal_contacts" USING btree ("org_id","contact_id");--> statement-breakpoint
CREATE INDEX "deal_tags_tag_idx" ON "deal_tags" USING btree ("org_id","tag_id","deal_id");--> statement-breakpoint
CREATE INDEX "deals_board_idx" ON "deals" USING btree ("org_id","pipeline_id","stage_id","position","id") WHERE "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "deals_live_updated_idx" ON "deals" USING btree ("org_id","updated_at","id") WHERE "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "deals_live_owner_updated_idx" ON "deals" USING btree ("org_id","owner_id","updated_at","id") WHERE "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "deals_live_name_idx" ON "deals" USING btree ("org_id","name","id") WHERE "deals"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "deals_company_idx" ON "deals" USING btree ("org_id","company_id");--> statement-breakpoint
CREATE INDEX "deals_source_lead_idx" ON "deals" USING btree ("org_id","source_lead_id");--> statement-breakpoint
CREATE INDEX "deals_deleted_idx" ON "deals" USING btree ("org_id","deleted_at","id") WHERE "deals"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "deals_search_trgm_idx" ON "deals" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "lead_contacts_one_primary" ON "lead_contacts" USING btree ("org_id","lead_id") WHERE "lead_contacts"."is_primary";--> statement-breakpoint
CREATE INDEX "lead_contacts_contact_idx" ON "lead_contacts" USING btree ("org_id","contact_id");--> statement-breakpoint
CREATE INDEX "lead_tags_tag_idx" ON "lead_tags" USING btree ("org_id","tag_id","lead_id");--> statement-breakpoint
CREATE UNIQUE INDEX "leads_external_id_key" ON "leads" USING btree ("org_id","external_id") WHERE "leads"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "leads_board_idx" ON "leads" USING btree ("org_id","pipeline_id","stage_id","position","id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_live_updated_idx" ON "leads" USING btree ("org_id","updated_at","id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_live_owner_updated_idx" ON "leads" USING btree ("org_id","owner_id","updated_at","id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_live_title_idx" ON "leads" USING btree ("org_id","title","id") WHERE "leads"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "leads_deleted_idx" ON "leads" USING btree ("org_id","deleted_at","id") WHERE "leads"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "leads_search_trgm_idx" ON "leads" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "pipelines_one_default_per_kind" ON "pipelines" USING btree ("org_id","kind") WHERE "pipelines"."is_default";--> statement-breakpoint
CREATE INDEX "stage_history_lead_idx" ON "stage_history" USING btree ("org_id","lead_id","changed_at") WHERE "stage_history"."lead_id" is not null;--> statement-breakpoint
CREATE INDEX "stage_history_deal_idx" ON "stage_history" USING btree ("org_id","deal_id","changed_at") WHERE "stage_history"."deal_id" is not null;--> statement-breakpoint
CREATE INDEX "stage_history_pipeline_idx" ON "stage_history" USING btree ("org_id","pipeline_id","changed_at");
--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_converted_deal_fk" FOREIGN KEY ("org_id", "converted_deal_id")
  REFERENCES "public"."deals" ("org_id", "id") ON DELETE SET NULL ("converted_deal_id");
--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_qualified_from_lead_fk" FOREIGN KEY ("org_id", "qualified_from_lead_id")
  REFERENCES "public"."leads" ("org_id", "id") ON DELETE SET NULL ("qualified_from_lead_id");
--> statement-breakpoint
-- Organisations created before this migration get the default pipelines that new ones get from
-- createDefaultPipelines() (modules/pipelines/pipelines.defaults.ts; same names, stages, colours).
WITH orgs AS (
  SELECT o.id AS org_id, k.kind, k.name, gen_random_uuid() AS pipeline_id
    FROM organizations o
   CROSS JOIN (VALUES ('leads', 'Leads'), ('deals', 'Sales')) AS k(kind, name)
), p AS (
  INSERT INTO pipelines (org_id, id, kind, name, is_default)
  SELECT org_id, pipeline_id, kind, name, true FROM orgs
  RETURNING org_id, id, kind
)
INSERT INTO stages (org_id, id, pipeline_id, name, position, color, probability, kind)
SELECT p.org_id, gen_random_uuid(), p.id, s.name, s.position, s.color, s.probability, s.kind_of_stage
  FROM p
  JOIN (VALUES
    ('leads', 'New', 0, '#228be6', 10, 'open'),
    ('leads', 'Contacted', 1, '#15aabf', 20, 'open'),
    ('leads', 'Meeting', 2, '#7950f2', 40, 'open'),
    ('leads', 'Negotiation', 3, '#fab005', 60, 'open'),
    ('leads', 'Qualified', 4, '#40c057', 100, 'won'),
    ('leads', 'Disqualified', 5, '#fa5252', 0, 'lost'),
    ('deals', 'Qualification', 0, '#228be6', 10, 'open'),
    ('deals', 'Needs analysis', 1, '#15aabf', 25, 'open'),
    ('deals', 'Proposal', 2, '#7950f2', 50, 'open'),
    ('deals', 'Negotiation', 3, '#fab005', 80, 'open'),
    ('deals', 'Won', 4, '#40c057', 100, 'won'),
    ('deals', 'Lost', 5, '#fa5252', 0, 'lost')
  ) AS s(kind, name, position, color, probability, kind_of_stage) ON s.kind = p.kind;
