-- Idempotency keys of POST requests (plugins/idempotency.ts; DESIGN §5). Tenant table: RLS, the
-- tenant policy and grants come from relata_apply_tenant_rls() after the migration run.
CREATE TABLE "idempotency_keys" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"principal" text NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"response_etag" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "idempotency_keys_key" UNIQUE("org_id","principal","key")
);
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("org_id","created_at");