-- Activities, notes, the unified timeline, notifications and calendar feeds (db/schema/activities.ts).
-- Hand-edited: activities_assignee_fk is ON DELETE SET NULL ("assignee_id") (a removed member's activities
-- become unassigned; a plain SET NULL would null org_id too, see 0005).
CREATE TABLE "activities" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"type" text NOT NULL,
	"subject" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'planned' NOT NULL,
	"due_at" timestamp (3) with time zone,
	"duration_minutes" integer,
	"all_day" boolean DEFAULT false NOT NULL,
	"priority" text DEFAULT 'medium' NOT NULL,
	"outcome" text,
	"call_direction" text,
	"recording_url" text,
	"location" text,
	"assignee_id" uuid,
	"created_by" uuid,
	"completed_at" timestamp (3) with time zone,
	"remind_at" timestamp (3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "activities_type_check" CHECK ("activities"."type" in ('call', 'meeting', 'email', 'task', 'note', 'sms', 'other')),
	CONSTRAINT "activities_status_check" CHECK ("activities"."status" in ('planned', 'in_progress', 'completed', 'cancelled')),
	CONSTRAINT "activities_priority_check" CHECK ("activities"."priority" in ('low', 'medium', 'high', 'urgent')),
	CONSTRAINT "activities_direction_check" CHECK ("activities"."call_direction" in ('inbound', 'outbound')),
	CONSTRAINT "activities_duration_check" CHECK ("activities"."duration_minutes" between 0 and 1440),
	CONSTRAINT "activities_completed_check" CHECK (("activities"."status" = 'completed') = ("activities"."completed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "activity_links" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"lead_id" uuid,
	"deal_id" uuid,
	"contact_id" uuid,
	"company_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_links_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "activity_links_record_key" UNIQUE NULLS NOT DISTINCT("org_id","activity_id","lead_id","deal_id","contact_id","company_id"),
	CONSTRAINT "activity_links_one_record" CHECK (num_nonnulls("activity_links"."lead_id", "activity_links"."deal_id", "activity_links"."contact_id", "activity_links"."company_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_feeds_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "calendar_feeds_membership_key" UNIQUE("org_id","membership_id"),
	CONSTRAINT "calendar_feeds_token_key" UNIQUE("org_id","token_hash")
);
--> statement-breakpoint
CREATE TABLE "note_links" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"note_id" uuid NOT NULL,
	"lead_id" uuid,
	"deal_id" uuid,
	"contact_id" uuid,
	"company_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "note_links_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "note_links_record_key" UNIQUE NULLS NOT DISTINCT("org_id","note_id","lead_id","deal_id","contact_id","company_id"),
	CONSTRAINT "note_links_one_record" CHECK (num_nonnulls("note_links"."lead_id", "note_links"."deal_id", "note_links"."contact_id", "note_links"."company_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "notes" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"body" text NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"author_id" uuid,
	"edited_by" uuid,
	"edited_at" timestamp (3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notes_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"activity_id" uuid,
	"dedupe_key" text NOT NULL,
	"read_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "notifications_dedupe_key" UNIQUE("org_id","membership_id","dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "timeline_entries" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"lead_id" uuid,
	"deal_id" uuid,
	"contact_id" uuid,
	"company_id" uuid,
	"record_id" uuid GENERATED ALWAYS AS (coalesce(lead_id, deal_id, contact_id, company_id)) STORED NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"actor_id" uuid,
	"activity_id" uuid,
	"note_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "timeline_entries_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "timeline_entries_event_record_key" UNIQUE("org_id","event_id","record_id"),
	CONSTRAINT "timeline_entries_type_check" CHECK ("timeline_entries"."type" in ('created', 'stage_changed', 'status_changed', 'field_changed', 'converted', 'activity', 'note')),
	CONSTRAINT "timeline_entries_one_record" CHECK (num_nonnulls("timeline_entries"."lead_id", "timeline_entries"."deal_id", "timeline_entries"."contact_id", "timeline_entries"."company_id") = 1)
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "reminder_minutes" integer DEFAULT 15 NOT NULL;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_assignee_fk" FOREIGN KEY ("org_id","assignee_id") REFERENCES "public"."memberships"("org_id","id") ON DELETE SET NULL ("assignee_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_links" ADD CONSTRAINT "activity_links_activity_fk" FOREIGN KEY ("org_id","activity_id") REFERENCES "public"."activities"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_links" ADD CONSTRAINT "activity_links_lead_fk" FOREIGN KEY ("org_id","lead_id") REFERENCES "public"."leads"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_links" ADD CONSTRAINT "activity_links_deal_fk" FOREIGN KEY ("org_id","deal_id") REFERENCES "public"."deals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_links" ADD CONSTRAINT "activity_links_contact_fk" FOREIGN KEY ("org_id","contact_id") REFERENCES "public"."contacts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_links" ADD CONSTRAINT "activity_links_company_fk" FOREIGN KEY ("org_id","company_id") REFERENCES "public"."companies"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_membership_fk" FOREIGN KEY ("org_id","membership_id") REFERENCES "public"."memberships"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_links" ADD CONSTRAINT "note_links_note_fk" FOREIGN KEY ("org_id","note_id") REFERENCES "public"."notes"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_links" ADD CONSTRAINT "note_links_lead_fk" FOREIGN KEY ("org_id","lead_id") REFERENCES "public"."leads"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_links" ADD CONSTRAINT "note_links_deal_fk" FOREIGN KEY ("org_id","deal_id") REFERENCES "public"."deals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_links" ADD CONSTRAINT "note_links_contact_fk" FOREIGN KEY ("org_id","contact_id") REFERENCES "public"."contacts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_links" ADD CONSTRAINT "note_links_company_fk" FOREIGN KEY ("org_id","company_id") REFERENCES "public"."companies"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_membership_fk" FOREIGN KEY ("org_id","membership_id") REFERENCES "public"."memberships"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_activity_fk" FOREIGN KEY ("org_id","activity_id") REFERENCES "public"."activities"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_activity_fk" FOREIGN KEY ("org_id","activity_id") REFERENCES "public"."activities"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_note_fk" FOREIGN KEY ("org_id","note_id") REFERENCES "public"."notes"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_lead_fk" FOREIGN KEY ("org_id","lead_id") REFERENCES "public"."leads"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_deal_fk" FOREIGN KEY ("org_id","deal_id") REFERENCES "public"."deals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_contact_fk" FOREIGN KEY ("org_id","contact_id") REFERENCES "public"."contacts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_company_fk" FOREIGN KEY ("org_id","company_id") REFERENCES "public"."companies"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_assignee_due_idx" ON "activities" USING btree ("org_id","assignee_id","due_at","id");--> statement-breakpoint
CREATE INDEX "activities_open_assignee_due_idx" ON "activities" USING btree ("org_id","assignee_id","due_at","id") WHERE "activities"."status" in ('planned', 'in_progress');--> statement-breakpoint
CREATE INDEX "activities_due_idx" ON "activities" USING btree ("org_id","due_at","id");--> statement-breakpoint
CREATE INDEX "activities_created_idx" ON "activities" USING btree ("org_id","created_at","id");--> statement-breakpoint
CREATE INDEX "activity_links_lead_idx" ON "activity_links" USING btree ("org_id","lead_id") WHERE "activity_links"."lead_id" is not null;--> statement-breakpoint
CREATE INDEX "activity_links_deal_idx" ON "activity_links" USING btree ("org_id","deal_id") WHERE "activity_links"."deal_id" is not null;--> statement-breakpoint
CREATE INDEX "activity_links_contact_idx" ON "activity_links" USING btree ("org_id","contact_id") WHERE "activity_links"."contact_id" is not null;--> statement-breakpoint
CREATE INDEX "activity_links_company_idx" ON "activity_links" USING btree ("org_id","company_id") WHERE "activity_links"."company_id" is not null;--> statement-breakpoint
CREATE INDEX "note_links_lead_idx" ON "note_links" USING btree ("org_id","lead_id") WHERE "note_links"."lead_id" is not null;--> statement-breakpoint
CREATE INDEX "note_links_deal_idx" ON "note_links" USING btree ("org_id","deal_id") WHERE "note_links"."deal_id" is not null;--> statement-breakpoint
CREATE INDEX "note_links_contact_idx" ON "note_links" USING btree ("org_id","contact_id") WHERE "note_links"."contact_id" is not null;--> statement-breakpoint
CREATE INDEX "note_links_company_idx" ON "note_links" USING btree ("org_id","company_id") WHERE "note_links"."company_id" is not null;--> statement-breakpoint
CREATE INDEX "notes_created_idx" ON "notes" USING btree ("org_id","created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("org_id","membership_id","created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("org_id","membership_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "notifications_activity_idx" ON "notifications" USING btree ("org_id","activity_id") WHERE "notifications"."activity_id" is not null;--> statement-breakpoint
CREATE INDEX "timeline_entries_record_idx" ON "timeline_entries" USING btree ("org_id","record_id","occurred_at" DESC NULLS LAST,"event_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "timeline_entries_activity_idx" ON "timeline_entries" USING btree ("org_id","activity_id") WHERE "timeline_entries"."activity_id" is not null;--> statement-breakpoint
CREATE INDEX "timeline_entries_note_idx" ON "timeline_entries" USING btree ("org_id","note_id") WHERE "timeline_entries"."note_id" is not null;--> statement-breakpoint
CREATE INDEX "timeline_entries_lead_idx" ON "timeline_entries" USING btree ("org_id","lead_id") WHERE "timeline_entries"."lead_id" is not null;--> statement-breakpoint
CREATE INDEX "timeline_entries_deal_idx" ON "timeline_entries" USING btree ("org_id","deal_id") WHERE "timeline_entries"."deal_id" is not null;--> statement-breakpoint
CREATE INDEX "timeline_entries_contact_idx" ON "timeline_entries" USING btree ("org_id","contact_id") WHERE "timeline_entries"."contact_id" is not null;--> statement-breakpoint
CREATE INDEX "timeline_entries_company_idx" ON "timeline_entries" USING btree ("org_id","company_id") WHERE "timeline_entries"."company_id" is not null;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_reminder_minutes_check" CHECK ("memberships"."reminder_minutes" between 0 and 10080);