CREATE TABLE "assessment_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"weight_version" integer NOT NULL,
	"weights" jsonb NOT NULL,
	"unavailable" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_scores" (
	"run_id" uuid NOT NULL,
	"unit_kind" text NOT NULL,
	"unit_key" text NOT NULL,
	"unit_name" text NOT NULL,
	"indicator_id" text NOT NULL,
	"score" double precision,
	"values" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	CONSTRAINT "assessment_scores_pk" PRIMARY KEY("run_id","unit_kind","unit_key","indicator_id"),
	CONSTRAINT "assessment_scores_kind_check" CHECK ("assessment_scores"."unit_kind" in ('township', 'unit')),
	CONSTRAINT "assessment_scores_range_check" CHECK ("assessment_scores"."score" is null or ("assessment_scores"."score" >= 0 and "assessment_scores"."score" <= 100))
);
--> statement-breakpoint
CREATE TABLE "assessment_weight_sets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"weights" jsonb NOT NULL,
	"note" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_weight_sets_version_positive" CHECK ("assessment_weight_sets"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "chief_assignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid NOT NULL,
	"site_id" uuid,
	"role_assignment_id" uuid,
	"from_date" date NOT NULL,
	"to_date" date,
	"plan" text DEFAULT '' NOT NULL,
	"duties" jsonb NOT NULL,
	"tasks" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chief_assignments_kind_check" CHECK ("chief_assignments"."kind" in ('site_chief', 'county_chief')),
	CONSTRAINT "chief_assignments_site_check" CHECK ("chief_assignments"."kind" = 'county_chief' or "chief_assignments"."site_id" is not null),
	CONSTRAINT "chief_assignments_dates_check" CHECK ("chief_assignments"."to_date" is null or "chief_assignments"."to_date" >= "chief_assignments"."from_date")
);
--> statement-breakpoint
CREATE TABLE "chief_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"heard_at" timestamp with time zone NOT NULL,
	"site_chief_id" uuid NOT NULL,
	"county_chief_id" uuid,
	"site_ids" jsonb NOT NULL,
	"summary" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chief_visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"chief_id" uuid NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"problems_found" text NOT NULL,
	"problems_solved" text NOT NULL,
	"follow_ups" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experience_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"division_code" text,
	"unit_id" uuid,
	"submitter_label" text NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"score" double precision,
	"grade" text,
	"comment" text,
	"marked_by" uuid,
	"marked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experience_reports_score_check" CHECK ("experience_reports"."score" is null or ("experience_reports"."score" >= 0 and "experience_reports"."score" <= 100))
);
--> statement-breakpoint
CREATE TABLE "import_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"file_size" integer NOT NULL,
	"file_sha256" text NOT NULL,
	"attachment_id" uuid NOT NULL,
	"status" text NOT NULL,
	"phase" text DEFAULT 'queued' NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"total_rows_estimate" integer,
	"counts" jsonb NOT NULL,
	"unknown_columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"parsed_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"applied_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_rows" (
	"id" uuid PRIMARY KEY NOT NULL,
	"batch_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"household_number" text,
	"person_name" text,
	"id_number_enc" text,
	"id_number_bidx" text,
	"id_number_masked" text,
	"phone_enc" text,
	"data" jsonb NOT NULL,
	"class" text,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"household_skipped" boolean DEFAULT false NOT NULL,
	"applied_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "assessment_runs" ADD CONSTRAINT "assessment_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_scores" ADD CONSTRAINT "assessment_scores_run_id_assessment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."assessment_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_weight_sets" ADD CONSTRAINT "assessment_weight_sets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chief_assignments" ADD CONSTRAINT "chief_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chief_assignments" ADD CONSTRAINT "chief_assignments_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chief_assignments" ADD CONSTRAINT "chief_assignments_role_assignment_id_role_assignments_id_fk" FOREIGN KEY ("role_assignment_id") REFERENCES "public"."role_assignments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chief_assignments" ADD CONSTRAINT "chief_assignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chief_reports" ADD CONSTRAINT "chief_reports_site_chief_id_users_id_fk" FOREIGN KEY ("site_chief_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chief_reports" ADD CONSTRAINT "chief_reports_county_chief_id_users_id_fk" FOREIGN KEY ("county_chief_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chief_reports" ADD CONSTRAINT "chief_reports_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chief_visits" ADD CONSTRAINT "chief_visits_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chief_visits" ADD CONSTRAINT "chief_visits_chief_id_users_id_fk" FOREIGN KEY ("chief_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chief_visits" ADD CONSTRAINT "chief_visits_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experience_reports" ADD CONSTRAINT "experience_reports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experience_reports" ADD CONSTRAINT "experience_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experience_reports" ADD CONSTRAINT "experience_reports_marked_by_users_id_fk" FOREIGN KEY ("marked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_runs_year_idx" ON "assessment_runs" USING btree ("year","computed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_weight_sets_version_uq" ON "assessment_weight_sets" USING btree ("version");--> statement-breakpoint
CREATE INDEX "chief_assignments_site_idx" ON "chief_assignments" USING btree ("site_id","from_date");--> statement-breakpoint
CREATE INDEX "chief_assignments_user_idx" ON "chief_assignments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "chief_reports_chief_time_idx" ON "chief_reports" USING btree ("site_chief_id","heard_at");--> statement-breakpoint
CREATE INDEX "chief_visits_site_time_idx" ON "chief_visits" USING btree ("site_id","visited_at");--> statement-breakpoint
CREATE INDEX "chief_visits_chief_time_idx" ON "chief_visits" USING btree ("chief_id","visited_at");--> statement-breakpoint
CREATE INDEX "experience_reports_year_idx" ON "experience_reports" USING btree ("year","submitted_at");--> statement-breakpoint
CREATE INDEX "experience_reports_division_idx" ON "experience_reports" USING btree ("division_code");--> statement-breakpoint
CREATE INDEX "import_batches_created_idx" ON "import_batches" USING btree ("created_by","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "import_rows_batch_row_uq" ON "import_rows" USING btree ("batch_id","row_number");--> statement-breakpoint
CREATE INDEX "import_rows_batch_household_idx" ON "import_rows" USING btree ("batch_id","household_number","row_number");--> statement-breakpoint
CREATE INDEX "import_rows_batch_class_idx" ON "import_rows" USING btree ("batch_id","class","row_number");--> statement-breakpoint
CREATE INDEX "import_rows_bidx_idx" ON "import_rows" USING btree ("batch_id","id_number_bidx") WHERE id_number_bidx is not null;