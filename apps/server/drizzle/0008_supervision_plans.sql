CREATE TABLE "plan_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"group_name" text NOT NULL,
	"group_from" text DEFAULT 'manual' NOT NULL,
	"text" text NOT NULL,
	"lead_unit_ids" uuid[] NOT NULL,
	"responsible_unit_ids" uuid[] NOT NULL,
	"includes_townships" boolean DEFAULT false NOT NULL,
	"unresolved_names" text[] NOT NULL,
	"deadline_text" text NOT NULL,
	"deadline" jsonb NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"rolled_from_id" uuid,
	"source_key" text,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_instances" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"period_key" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"party_unit_id" uuid NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"first_submitted_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"returned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_reminders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instance_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"recipients" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instance_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"figures" jsonb NOT NULL,
	"author_id" uuid,
	"author_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_instances" ADD CONSTRAINT "task_instances_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_instances" ADD CONSTRAINT "task_instances_item_id_plan_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."plan_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_instances" ADD CONSTRAINT "task_instances_party_unit_id_units_id_fk" FOREIGN KEY ("party_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reminders" ADD CONSTRAINT "task_reminders_instance_id_task_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."task_instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_instance_id_task_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."task_instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "plan_items_row_uq" ON "plan_items" USING btree ("plan_id","row_no");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_year_title_uq" ON "plans" USING btree ("year","title");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_source_key_uq" ON "plans" USING btree ("source_key");--> statement-breakpoint
CREATE UNIQUE INDEX "task_instances_uq" ON "task_instances" USING btree ("item_id","period_key","party_unit_id");--> statement-breakpoint
CREATE INDEX "task_instances_party_idx" ON "task_instances" USING btree ("party_unit_id","due_at");--> statement-breakpoint
CREATE INDEX "task_instances_plan_idx" ON "task_instances" USING btree ("plan_id","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "task_reminders_uq" ON "task_reminders" USING btree ("instance_id","kind");--> statement-breakpoint
CREATE INDEX "task_reports_instance_idx" ON "task_reports" USING btree ("instance_id","created_at");