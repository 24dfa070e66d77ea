-- Imports (issue 6; schema/imports.ts): the import and its progress/checkpoint/lease, its file in 1 MiB
-- bytea rows (readable by any instance, found again after a restart), per-row issues of the dry run
-- and the run, the change log a revert replays, saved mappings; and `external_id` on companies,
-- contacts and deals (leads have it since 0008) with a unique index on live rows, the default
-- upsert key of re-imports. Tenant tables: RLS, policy and grants come from relata_apply_tenant_rls().
CREATE TABLE "imports" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"entity" text NOT NULL,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"file_name" text NOT NULL,
	"file_size" bigint NOT NULL,
	"file_format" text NOT NULL,
	"file_info" jsonb NOT NULL,
	"sample_rows" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"suggested_mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"detected_date_order" text,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rows_total" integer DEFAULT 0 NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"warnings" integer DEFAULT 0 NOT NULL,
	"checkpoint" integer DEFAULT 0 NOT NULL,
	"dry_run" jsonb,
	"error" jsonb,
	"dry_run_started_at" timestamp (3) with time zone,
	"dry_run_finished_at" timestamp (3) with time zone,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	"revert_started_at" timestamp (3) with time zone,
	"reverted_at" timestamp (3) with time zone,
	"lease_token" text,
	"lease_expires_at" timestamp (3) with time zone,
	"created_by" uuid,
	"reverted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imports_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "imports_status_check" CHECK ("status" in ('uploaded', 'dry_running', 'validated', 'queued', 'running', 'completed', 'failed', 'reverting', 'reverted'))
);
--> statement-breakpoint
CREATE TABLE "import_file_chunks" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" bytea NOT NULL,
	CONSTRAINT "import_file_chunks_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "import_file_chunks_seq_key" UNIQUE("org_id","import_id","seq")
);
--> statement-breakpoint
CREATE TABLE "import_issues" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"phase" text NOT NULL,
	"row" integer NOT NULL,
	"column" integer,
	"column_name" text,
	"value" text,
	"message" text NOT NULL,
	"severity" text NOT NULL,
	CONSTRAINT "import_issues_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "import_issues_severity_check" CHECK ("severity" in ('error', 'warning'))
);
--> statement-breakpoint
CREATE TABLE "import_changes" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"record_id" uuid NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	CONSTRAINT "import_changes_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "import_changes_record_key" UNIQUE("org_id","import_id","entity","record_id"),
	CONSTRAINT "import_changes_action_check" CHECK ("action" in ('created', 'updated'))
);
--> statement-breakpoint
CREATE TABLE "import_mappings" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"entity" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_mappings_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "import_mappings_name_key" UNIQUE("org_id","entity","name")
);
--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_reverted_by_users_id_fk" FOREIGN KEY ("reverted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_file_chunks" ADD CONSTRAINT "import_file_chunks_import_fk" FOREIGN KEY ("org_id","import_id") REFERENCES "public"."imports"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_issues" ADD CONSTRAINT "import_issues_import_fk" FOREIGN KEY ("org_id","import_id") REFERENCES "public"."imports"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_changes" ADD CONSTRAINT "import_changes_import_fk" FOREIGN KEY ("org_id","import_id") REFERENCES "public"."imports"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imports_org_created_idx" ON "imports" USING btree ("org_id","created_at","id");--> statement-breakpoint
CREATE INDEX "import_issues_import_row_idx" ON "import_issues" USING btree ("org_id","import_id","row","id");--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "external_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "companies_live_external_id_key" ON "companies" USING btree ("org_id","external_id") WHERE "companies"."external_id" is not null and "companies"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_live_external_id_key" ON "contacts" USING btree ("org_id","external_id") WHERE "contacts"."external_id" is not null and "contacts"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "deals_live_external_id_key" ON "deals" USING btree ("org_id","external_id") WHERE "deals"."external_id" is not null and "deals"."deleted_at" is null;
