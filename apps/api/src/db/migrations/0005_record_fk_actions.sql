-- Foreign keys whose ON DELETE needs a column list (PostgreSQL 15+), which drizzle-kit cannot write:
-- `SET NULL (col)` clears only the pointer. A plain SET NULL would also null org_id (part of the key).
-- A removed member's records become unassigned; a purged company leaves its contacts and child
-- companies without a company / parent.
ALTER TABLE "companies" DROP CONSTRAINT "companies_owner_fk";
--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_owner_fk" FOREIGN KEY ("org_id", "owner_id")
  REFERENCES "public"."memberships" ("org_id", "id") ON DELETE SET NULL ("owner_id");
--> statement-breakpoint
ALTER TABLE "contacts" DROP CONSTRAINT "contacts_owner_fk";
--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_owner_fk" FOREIGN KEY ("org_id", "owner_id")
  REFERENCES "public"."memberships" ("org_id", "id") ON DELETE SET NULL ("owner_id");
--> statement-breakpoint
ALTER TABLE "companies" DROP CONSTRAINT "companies_parent_fk";
--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_parent_fk" FOREIGN KEY ("org_id", "parent_id")
  REFERENCES "public"."companies" ("org_id", "id") ON DELETE SET NULL ("parent_id");
--> statement-breakpoint
ALTER TABLE "contacts" DROP CONSTRAINT "contacts_company_fk";
--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_company_fk" FOREIGN KEY ("org_id", "company_id")
  REFERENCES "public"."companies" ("org_id", "id") ON DELETE SET NULL ("company_id");
