-- Inactive members (issue 6, import "unknown owners → create inactive members"): a membership with no
-- user yet. It has its own `name` and `email` (citext, optional), used only while inactive, and
-- `status` active | inactive tied to them by a CHECK: active ⇔ user_id set and no own name/email;
-- inactive ⇔ no user and a non-blank name. No `users` row is ever created for an inactive member
-- (that would block the person's own sign-up and leak across organisations). Records already point
-- at membership ids, so they keep their owner when the invitee accepts and the same row is
-- activated (invitations.service acceptInvitation). One inactive member per email per organisation.
ALTER TABLE "memberships" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "email" "citext";--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_status_check" CHECK (
  ("memberships"."status" = 'active' AND "memberships"."user_id" IS NOT NULL
     AND "memberships"."name" IS NULL AND "memberships"."email" IS NULL)
  OR ("memberships"."status" = 'inactive' AND "memberships"."user_id" IS NULL
     AND "memberships"."name" IS NOT NULL AND length(btrim("memberships"."name")) BETWEEN 1 AND 200)
);--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_inactive_email_key" ON "memberships" USING btree ("org_id","email")
  WHERE "memberships"."status" = 'inactive' AND "memberships"."email" IS NOT NULL;--> statement-breakpoint
-- Name-only inactive members (an import's owner column held a name, not an address): one per name.
CREATE UNIQUE INDEX "memberships_inactive_name_key" ON "memberships" USING btree ("org_id",lower("name"))
  WHERE "memberships"."status" = 'inactive' AND "memberships"."email" IS NULL;
--> statement-breakpoint
-- An invitation may name the inactive member it activates (chosen in the members list: needed for
-- inactive members without an address). Removing that member leaves the invitation as a plain one.
ALTER TABLE "invitations" ADD COLUMN "membership_id" uuid;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_membership_fk" FOREIGN KEY ("org_id","membership_id")
  REFERENCES "public"."memberships"("org_id","id") ON DELETE SET NULL ("membership_id") ON UPDATE no action;
