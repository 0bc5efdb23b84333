CREATE TABLE "comparison_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind_key" text NOT NULL,
	"month" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"file_sha256" text NOT NULL,
	"attachment_id" uuid NOT NULL,
	"status" text NOT NULL,
	"counts" jsonb NOT NULL,
	"mapping_input" jsonb,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"header_row" integer,
	"ignored_columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"superseded_by" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "comparison_deliberations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"township_code" text NOT NULL,
	"month" text NOT NULL,
	"held_on" date NOT NULL,
	"participants" text NOT NULL,
	"notes" text,
	"escalated" integer DEFAULT 0 NOT NULL,
	"dismissed" integer DEFAULT 0 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comparison_kinds" (
	"key" text PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	"title" text NOT NULL,
	"in_seed" boolean DEFAULT true NOT NULL,
	"columns" jsonb NOT NULL,
	"rules" jsonb NOT NULL,
	"rule_versions" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comparison_mappings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind_key" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comparison_rows" (
	"batch_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"id_bidx" text,
	"id_masked" text,
	"person_name" text,
	"values" jsonb,
	"row_key" text,
	"status" text NOT NULL,
	"reason" text,
	"person_id" uuid,
	"household_id" uuid
);
--> statement-breakpoint
CREATE TABLE "comparison_warnings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"batch_id" uuid NOT NULL,
	"kind_key" text NOT NULL,
	"rule_id" text NOT NULL,
	"rule_version" integer NOT NULL,
	"month" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"household_id" uuid NOT NULL,
	"person_id" uuid,
	"person_name" text,
	"id_masked" text,
	"values" jsonb NOT NULL,
	"site_id" uuid,
	"township_code" text NOT NULL,
	"status" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"result" text,
	"notes" text,
	"attachment_id" uuid,
	"verified_by" uuid,
	"verified_by_name" text,
	"verified_at" timestamp with time zone,
	"deliberation_id" uuid,
	"clue_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comparison_warnings_status_ck" CHECK ("comparison_warnings"."status" in ('new', 'verified', 'dismissed', 'escalated'))
);
--> statement-breakpoint
CREATE TABLE "help_measures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"case_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"type" text NOT NULL,
	"risk_type" text,
	"content" text NOT NULL,
	"responsible_user_id" uuid,
	"responsible_name" text NOT NULL,
	"unit_id" uuid,
	"start_on" date NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"completed_on" date,
	"amount" numeric(12, 2),
	"term" text NOT NULL,
	"emergency" boolean DEFAULT false NOT NULL,
	"result" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "help_measures_status_ck" CHECK ("help_measures"."status" in ('planned', 'in_progress', 'done', 'cancelled')),
	CONSTRAINT "help_measures_term_ck" CHECK ("help_measures"."term" in ('short', 'long')),
	CONSTRAINT "help_measures_done_ck" CHECK ("help_measures"."status" <> 'done' or "help_measures"."completed_on" is not null)
);
--> statement-breakpoint
CREATE TABLE "monitoring_case_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"event_date" date NOT NULL,
	"status" text NOT NULL,
	"category" text,
	"reason" text,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_case_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"step" text NOT NULL,
	"step_date" date NOT NULL,
	"outcome" text NOT NULL,
	"note" text,
	"participants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"posted_from" date,
	"posted_to" date,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_case_steps_outcome_ck" CHECK ("monitoring_case_steps"."outcome" in ('passed', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "monitoring_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"household_id" uuid NOT NULL,
	"clue_id" uuid,
	"previous_case_id" uuid,
	"status" text DEFAULT 'identifying' NOT NULL,
	"category" text,
	"risk_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"disaster_kind" text,
	"risk_flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_on" date NOT NULL,
	"due_on" date NOT NULL,
	"identified_on" date,
	"not_included_reason" text,
	"income_at_identification" numeric(12, 2),
	"plan_goal" text,
	"plan_updated_on" date,
	"contact_user_id" uuid,
	"eliminated_on" date,
	"elimination_method" text,
	"elimination_round" integer DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_cases_status_ck" CHECK ("monitoring_cases"."status" in ('identifying', 'not_included', 'monitored', 'eliminated')),
	CONSTRAINT "monitoring_cases_category_ck" CHECK ("monitoring_cases"."category" is null or "monitoring_cases"."category" in ('unstable', 'marginal', 'sudden')),
	CONSTRAINT "monitoring_cases_included_ck" CHECK ("monitoring_cases"."status" not in ('monitored', 'eliminated') or ("monitoring_cases"."category" is not null and "monitoring_cases"."identified_on" is not null)),
	CONSTRAINT "monitoring_cases_eliminated_ck" CHECK ("monitoring_cases"."status" <> 'eliminated' or ("monitoring_cases"."eliminated_on" is not null and "monitoring_cases"."elimination_method" is not null)),
	CONSTRAINT "monitoring_cases_risk_count_ck" CHECK (jsonb_array_length("monitoring_cases"."risk_types") <= 5)
);
--> statement-breakpoint
CREATE TABLE "monitoring_clues" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"household_id" uuid NOT NULL,
	"source" text NOT NULL,
	"source_ref" text,
	"reason" text NOT NULL,
	"risk_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"declarant_name" text,
	"declarant_phone_enc" text,
	"declarant_person_id" uuid,
	"reported_on" date NOT NULL,
	"reported_by" uuid,
	"reported_by_name" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"case_id" uuid,
	"dismissed_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_clues_source_ck" CHECK ("monitoring_clues"."source" in ('revisit', 'self_declaration', 'screening', 'department_warning')),
	CONSTRAINT "monitoring_clues_status_ck" CHECK ("monitoring_clues"."status" in ('open', 'in_identification', 'attached', 'dismissed', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "month_snapshots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"township_code" text NOT NULL,
	"month" text NOT NULL,
	"status" text DEFAULT 'current' NOT NULL,
	"trigger" text NOT NULL,
	"frozen_at" timestamp with time zone NOT NULL,
	"superseded_at" timestamp with time zone,
	"figures_source" text NOT NULL,
	"figures" jsonb NOT NULL,
	"row_counts" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "month_snapshots_status_ck" CHECK ("month_snapshots"."status" in ('current', 'superseded')),
	CONSTRAINT "month_snapshots_trigger_ck" CHECK ("month_snapshots"."trigger" in ('close', 'auto'))
);
--> statement-breakpoint
CREATE TABLE "snapshot_ledger_rows" (
	"snapshot_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"seq" integer NOT NULL,
	"site_id" uuid,
	"row" jsonb NOT NULL,
	CONSTRAINT "snapshot_ledger_rows_pk" PRIMARY KEY("snapshot_id","kind","seq")
);
--> statement-breakpoint
ALTER TABLE "comparison_batches" ADD CONSTRAINT "comparison_batches_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_batches" ADD CONSTRAINT "comparison_batches_kind_key_comparison_kinds_key_fk" FOREIGN KEY ("kind_key") REFERENCES "public"."comparison_kinds"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_batches" ADD CONSTRAINT "comparison_batches_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_batches" ADD CONSTRAINT "comparison_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_deliberations" ADD CONSTRAINT "comparison_deliberations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_kinds" ADD CONSTRAINT "comparison_kinds_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_mappings" ADD CONSTRAINT "comparison_mappings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_mappings" ADD CONSTRAINT "comparison_mappings_kind_key_comparison_kinds_key_fk" FOREIGN KEY ("kind_key") REFERENCES "public"."comparison_kinds"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_mappings" ADD CONSTRAINT "comparison_mappings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_rows" ADD CONSTRAINT "comparison_rows_batch_id_comparison_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."comparison_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_warnings" ADD CONSTRAINT "comparison_warnings_batch_id_comparison_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."comparison_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_warnings" ADD CONSTRAINT "comparison_warnings_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_warnings" ADD CONSTRAINT "comparison_warnings_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_warnings" ADD CONSTRAINT "comparison_warnings_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_warnings" ADD CONSTRAINT "comparison_warnings_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_warnings" ADD CONSTRAINT "comparison_warnings_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparison_warnings" ADD CONSTRAINT "comparison_warnings_deliberation_id_comparison_deliberations_id_fk" FOREIGN KEY ("deliberation_id") REFERENCES "public"."comparison_deliberations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_measures" ADD CONSTRAINT "help_measures_case_id_monitoring_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."monitoring_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_measures" ADD CONSTRAINT "help_measures_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_measures" ADD CONSTRAINT "help_measures_responsible_user_id_users_id_fk" FOREIGN KEY ("responsible_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_measures" ADD CONSTRAINT "help_measures_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_measures" ADD CONSTRAINT "help_measures_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_case_events" ADD CONSTRAINT "monitoring_case_events_case_id_monitoring_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."monitoring_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_case_events" ADD CONSTRAINT "monitoring_case_events_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_case_events" ADD CONSTRAINT "monitoring_case_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_case_steps" ADD CONSTRAINT "monitoring_case_steps_case_id_monitoring_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."monitoring_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_case_steps" ADD CONSTRAINT "monitoring_case_steps_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_cases" ADD CONSTRAINT "monitoring_cases_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_cases" ADD CONSTRAINT "monitoring_cases_clue_id_monitoring_clues_id_fk" FOREIGN KEY ("clue_id") REFERENCES "public"."monitoring_clues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_cases" ADD CONSTRAINT "monitoring_cases_contact_user_id_users_id_fk" FOREIGN KEY ("contact_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_clues" ADD CONSTRAINT "monitoring_clues_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_clues" ADD CONSTRAINT "monitoring_clues_declarant_person_id_persons_id_fk" FOREIGN KEY ("declarant_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_clues" ADD CONSTRAINT "monitoring_clues_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snapshot_ledger_rows" ADD CONSTRAINT "snapshot_ledger_rows_snapshot_id_month_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."month_snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comparison_batches_unit_kind_month_idx" ON "comparison_batches" USING btree ("unit_id","kind_key","month");--> statement-breakpoint
CREATE INDEX "comparison_batches_month_idx" ON "comparison_batches" USING btree ("month");--> statement-breakpoint
CREATE UNIQUE INDEX "comparison_deliberations_township_month_uq" ON "comparison_deliberations" USING btree ("township_code","month");--> statement-breakpoint
CREATE UNIQUE INDEX "comparison_mappings_unit_kind_uq" ON "comparison_mappings" USING btree ("unit_id","kind_key");--> statement-breakpoint
CREATE UNIQUE INDEX "comparison_rows_batch_row_uq" ON "comparison_rows" USING btree ("batch_id","row_number");--> statement-breakpoint
CREATE INDEX "comparison_rows_batch_bidx_idx" ON "comparison_rows" USING btree ("batch_id","id_bidx");--> statement-breakpoint
CREATE INDEX "comparison_rows_person_idx" ON "comparison_rows" USING btree ("person_id") WHERE person_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "comparison_warnings_dedupe_uq" ON "comparison_warnings" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "comparison_warnings_month_township_idx" ON "comparison_warnings" USING btree ("month","township_code");--> statement-breakpoint
CREATE INDEX "comparison_warnings_batch_idx" ON "comparison_warnings" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "comparison_warnings_household_idx" ON "comparison_warnings" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "help_measures_case_idx" ON "help_measures" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "help_measures_responsible_idx" ON "help_measures" USING btree ("responsible_user_id","status","due_on");--> statement-breakpoint
CREATE INDEX "monitoring_case_events_case_idx" ON "monitoring_case_events" USING btree ("case_id","event_date");--> statement-breakpoint
CREATE INDEX "monitoring_case_events_household_idx" ON "monitoring_case_events" USING btree ("household_id","event_date");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_case_steps_uq" ON "monitoring_case_steps" USING btree ("case_id","stage","round","step");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_cases_active_uq" ON "monitoring_cases" USING btree ("household_id") WHERE "monitoring_cases"."status" in ('identifying', 'monitored');--> statement-breakpoint
CREATE INDEX "monitoring_cases_household_idx" ON "monitoring_cases" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "monitoring_cases_status_idx" ON "monitoring_cases" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_clues_source_uq" ON "monitoring_clues" USING btree ("source","source_ref") WHERE "monitoring_clues"."source_ref" is not null;--> statement-breakpoint
CREATE INDEX "monitoring_clues_household_idx" ON "monitoring_clues" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "monitoring_clues_status_idx" ON "monitoring_clues" USING btree ("status","reported_on");--> statement-breakpoint
CREATE UNIQUE INDEX "month_snapshots_current_uq" ON "month_snapshots" USING btree ("township_code","month") WHERE status = 'current';--> statement-breakpoint
CREATE INDEX "month_snapshots_month_idx" ON "month_snapshots" USING btree ("month","township_code");--> statement-breakpoint
CREATE INDEX "snapshot_ledger_rows_site_idx" ON "snapshot_ledger_rows" USING btree ("snapshot_id","kind","site_id");