-- Segments and saved views (issue 7): `segments` (entity + criteria JSON, cached count),
-- `saved_views` (a member's list setup, private or shared), `view_defaults` (default view per member
-- and entity). Tenant tables: RLS, the tenant policy and grants come from relata_apply_tenant_rls()
-- after the migration run. A deleted segment leaves its views without one: ON DELETE SET NULL
-- ("segment_id") — a column list drizzle-kit cannot write (plain SET NULL would null org_id too).
-- Also an index for segment conditions on a contact's or deal's company industry
-- (`company.industry`, bench/segments): (org_id, industry) over live companies.
CREATE TABLE "segments" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"entity" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"cached_count" integer,
	"count_capped" boolean DEFAULT false NOT NULL,
	"counted_at" timestamp (3) with time zone,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segments_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "segments_entity_check" CHECK ("segments"."entity" in ('contacts', 'companies', 'leads', 'deals'))
);
--> statement-breakpoint
CREATE TABLE "saved_views" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"entity" text NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"segment_id" uuid,
	"columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sort" text,
	"layout" text DEFAULT 'list' NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saved_views_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "saved_views_owner_name_key" UNIQUE("org_id","owner_id","entity","name"),
	CONSTRAINT "saved_views_entity_check" CHECK ("saved_views"."entity" in ('contacts', 'companies', 'leads', 'deals')),
	CONSTRAINT "saved_views_layout_check" CHECK ("saved_views"."layout" in ('list', 'board'))
);
--> statement-breakpoint
CREATE TABLE "view_defaults" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"view_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "view_defaults_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "view_defaults_member_entity_key" UNIQUE("org_id","membership_id","entity")
);
--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_owner_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."memberships"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_segment_fk" FOREIGN KEY ("org_id","segment_id") REFERENCES "public"."segments"("org_id","id") ON DELETE SET NULL ("segment_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "view_defaults" ADD CONSTRAINT "view_defaults_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "view_defaults" ADD CONSTRAINT "view_defaults_member_fk" FOREIGN KEY ("org_id","membership_id") REFERENCES "public"."memberships"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "view_defaults" ADD CONSTRAINT "view_defaults_view_fk" FOREIGN KEY ("org_id","view_id") REFERENCES "public"."saved_views"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "segments_entity_name_idx" ON "segments" USING btree ("org_id","entity","name","id");--> statement-breakpoint
CREATE INDEX "saved_views_entity_shared_idx" ON "saved_views" USING btree ("org_id","entity","shared");--> statement-breakpoint
CREATE INDEX "saved_views_segment_idx" ON "saved_views" USING btree ("org_id","segment_id");--> statement-breakpoint
CREATE INDEX "view_defaults_view_idx" ON "view_defaults" USING btree ("org_id","view_id");--> statement-breakpoint
CREATE INDEX "companies_live_industry_idx" ON "companies" USING btree ("org_id","industry") WHERE "companies"."deleted_at" is null;
