CREATE TABLE "household_lands" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"household_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"area" numeric(10, 2) NOT NULL,
	"transfer_status" text DEFAULT '未流转' NOT NULL,
	"tenant" text,
	"annual_rent" numeric(12, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"household_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"join_reason" text,
	"leave_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_members_period_ck" CHECK (valid_to is null or valid_to > valid_from)
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"household_number" text NOT NULL,
	"category" text NOT NULL,
	"relocation_year" integer NOT NULL,
	"origin_village_code" text NOT NULL,
	"placement" text NOT NULL,
	"site_id" uuid,
	"building" text,
	"unit" text,
	"room" text,
	"destination_village_code" text,
	"housing_type" text NOT NULL,
	"floor_area" numeric(8, 2),
	"property_certificate_no" text,
	"certificate_date" date,
	"handover_date" date,
	"old_house_status" text,
	"phone_enc" text,
	"phone_bidx" text,
	"monitoring_status" text DEFAULT '未纳入监测' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"closed_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "households_placement_ck" CHECK ((placement = '集中安置' and site_id is not null and destination_village_code is null) or (placement = '分散安置' and site_id is null and destination_village_code is not null))
);
--> statement-breakpoint
CREATE TABLE "person_employment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"person_id" uuid NOT NULL,
	"status" text NOT NULL,
	"employer" text,
	"place" text,
	"monthly_income" numeric(10, 2),
	"valid_from" date NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_employment_period_ck" CHECK (valid_to is null or valid_to > valid_from)
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"name" text NOT NULL,
	"document_type" text DEFAULT '居民身份证' NOT NULL,
	"id_number_enc" text,
	"id_number_bidx" text,
	"other_document_no_enc" text,
	"birth_date" date NOT NULL,
	"sex" text NOT NULL,
	"ethnicity" text DEFAULT '汉族' NOT NULL,
	"political_status" text DEFAULT '群众' NOT NULL,
	"education" text,
	"student_status" text DEFAULT '非在校生' NOT NULL,
	"health" text DEFAULT '健康' NOT NULL,
	"disability_grade" text,
	"labour_capacity" text NOT NULL,
	"medical_insurance" boolean DEFAULT true NOT NULL,
	"pension_insurance" boolean DEFAULT false NOT NULL,
	"dibao" boolean DEFAULT false NOT NULL,
	"tekun" boolean DEFAULT false NOT NULL,
	"phone_enc" text,
	"phone_bidx" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "household_lands" ADD CONSTRAINT "household_lands_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_origin_village_code_divisions_code_fk" FOREIGN KEY ("origin_village_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_destination_village_code_divisions_code_fk" FOREIGN KEY ("destination_village_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_employment" ADD CONSTRAINT "person_employment_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "household_lands_household_idx" ON "household_lands" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "household_members_open_person_uq" ON "household_members" USING btree ("person_id") WHERE valid_to is null;--> statement-breakpoint
CREATE UNIQUE INDEX "household_members_open_head_uq" ON "household_members" USING btree ("household_id") WHERE valid_to is null and relation = '户主';--> statement-breakpoint
CREATE INDEX "household_members_household_idx" ON "household_members" USING btree ("household_id","valid_from");--> statement-breakpoint
CREATE INDEX "household_members_person_idx" ON "household_members" USING btree ("person_id","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "households_number_uq" ON "households" USING btree ("county_code","household_number") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "households_site_idx" ON "households" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "households_destination_idx" ON "households" USING btree ("destination_village_code");--> statement-breakpoint
CREATE INDEX "person_employment_person_idx" ON "person_employment" USING btree ("person_id","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "person_employment_open_uq" ON "person_employment" USING btree ("person_id") WHERE valid_to is null;--> statement-breakpoint
CREATE UNIQUE INDEX "persons_id_number_uq" ON "persons" USING btree ("id_number_bidx") WHERE deleted_at is null and id_number_bidx is not null;--> statement-breakpoint
CREATE INDEX "persons_name_idx" ON "persons" USING btree ("name");