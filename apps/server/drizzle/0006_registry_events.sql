CREATE TABLE "household_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"household_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"effective_date" date NOT NULL,
	"payload" jsonb NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_placement" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"household_id" uuid NOT NULL,
	"placement" text NOT NULL,
	"site_id" uuid,
	"building" text,
	"unit" text,
	"room" text,
	"destination_village_code" text,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_placement_period_ck" CHECK (valid_to is null or valid_to > valid_from)
);
--> statement-breakpoint
CREATE TABLE "housing_transactions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"household_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"transaction_date" date NOT NULL,
	"counterparty" text NOT NULL,
	"note" text,
	"attachment_id" uuid,
	"lock_end_date" date,
	"violation" boolean NOT NULL,
	"rectification_status" text NOT NULL,
	"rectification_due_at" timestamp with time zone,
	"rectified_at" timestamp with time zone,
	"rectified_by" uuid,
	"rectification_note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_health" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"person_id" uuid NOT NULL,
	"health" text NOT NULL,
	"disability_grade" text,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_health_period_ck" CHECK (valid_to is null or valid_to > valid_from)
);
--> statement-breakpoint
CREATE TABLE "person_labour" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"person_id" uuid NOT NULL,
	"labour_capacity" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_labour_period_ck" CHECK (valid_to is null or valid_to > valid_from)
);
--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "closed_on" date;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "closed_on" date;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "merged_into_site_id" uuid;--> statement-breakpoint
ALTER TABLE "household_events" ADD CONSTRAINT "household_events_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_events" ADD CONSTRAINT "household_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_placement" ADD CONSTRAINT "household_placement_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_placement" ADD CONSTRAINT "household_placement_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_placement" ADD CONSTRAINT "household_placement_destination_village_code_divisions_code_fk" FOREIGN KEY ("destination_village_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_transactions" ADD CONSTRAINT "housing_transactions_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_transactions" ADD CONSTRAINT "housing_transactions_rectified_by_users_id_fk" FOREIGN KEY ("rectified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_transactions" ADD CONSTRAINT "housing_transactions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_health" ADD CONSTRAINT "person_health_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_labour" ADD CONSTRAINT "person_labour_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "household_events_household_idx" ON "household_events" USING btree ("household_id","effective_date");--> statement-breakpoint
CREATE INDEX "household_placement_household_idx" ON "household_placement" USING btree ("household_id","valid_from");--> statement-breakpoint
CREATE INDEX "household_placement_site_idx" ON "household_placement" USING btree ("site_id","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "household_placement_open_uq" ON "household_placement" USING btree ("household_id") WHERE valid_to is null;--> statement-breakpoint
CREATE INDEX "housing_transactions_household_idx" ON "housing_transactions" USING btree ("household_id","transaction_date");--> statement-breakpoint
CREATE INDEX "person_health_person_idx" ON "person_health" USING btree ("person_id","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "person_health_open_uq" ON "person_health" USING btree ("person_id") WHERE valid_to is null;--> statement-breakpoint
CREATE INDEX "person_labour_person_idx" ON "person_labour" USING btree ("person_id","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "person_labour_open_uq" ON "person_labour" USING btree ("person_id") WHERE valid_to is null;