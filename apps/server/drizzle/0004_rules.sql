CREATE TABLE "rule_parameter_sets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"rule_id" text NOT NULL,
	"version" integer NOT NULL,
	"parameters" jsonb NOT NULL,
	"rule_version" integer NOT NULL,
	"note" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rule_parameter_sets_version_positive" CHECK ("rule_parameter_sets"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "rule_results" (
	"run_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"verdict" text NOT NULL,
	"progress" double precision,
	"values" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	"note" text,
	CONSTRAINT "rule_results_pk" PRIMARY KEY("run_id","entity_type","entity_id"),
	CONSTRAINT "rule_results_verdict_check" CHECK ("rule_results"."verdict" in ('met', 'not_met', 'not_applicable'))
);
--> statement-breakpoint
CREATE TABLE "rule_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"rule_id" text NOT NULL,
	"rule_version" integer NOT NULL,
	"parameter_version" integer NOT NULL,
	"parameters" jsonb NOT NULL,
	"period_key" text NOT NULL,
	"scope_key" text NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	"summary" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rule_parameter_sets" ADD CONSTRAINT "rule_parameter_sets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_results" ADD CONSTRAINT "rule_results_run_id_rule_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."rule_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rule_parameter_sets_rule_version_uq" ON "rule_parameter_sets" USING btree ("rule_id","version");--> statement-breakpoint
CREATE INDEX "rule_results_entity_idx" ON "rule_results" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "rule_runs_rule_evaluated_idx" ON "rule_runs" USING btree ("rule_id","evaluated_at");--> statement-breakpoint
CREATE INDEX "rule_runs_rule_period_idx" ON "rule_runs" USING btree ("rule_id","period_key","scope_key");