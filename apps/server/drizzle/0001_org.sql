CREATE TABLE "division_aliases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"alias" text NOT NULL,
	"division_code" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "divisions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"county_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"county_code" text NOT NULL,
	"township_code" text NOT NULL,
	"village_code" text,
	"type" text NOT NULL,
	"address" text,
	"latitude" double precision,
	"longitude" double precision,
	"has_committee" boolean DEFAULT false NOT NULL,
	"service_window" text,
	"facilities" text,
	"urban_community" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_aliases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"alias" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"division_code" text,
	"in_seed" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone_enc" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone_bidx" text;--> statement-breakpoint
ALTER TABLE "division_aliases" ADD CONSTRAINT "division_aliases_division_code_divisions_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_township_code_divisions_code_fk" FOREIGN KEY ("township_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_village_code_divisions_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_aliases" ADD CONSTRAINT "unit_aliases_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "division_aliases_alias_uq" ON "division_aliases" USING btree ("alias");--> statement-breakpoint
CREATE INDEX "divisions_parent_idx" ON "divisions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "divisions_name_idx" ON "divisions" USING btree ("short_name");--> statement-breakpoint
CREATE INDEX "sites_township_idx" ON "sites" USING btree ("township_code");--> statement-breakpoint
CREATE UNIQUE INDEX "sites_name_uq" ON "sites" USING btree ("township_code","name") WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "unit_aliases_alias_uq" ON "unit_aliases" USING btree ("alias");--> statement-breakpoint
CREATE UNIQUE INDEX "units_name_uq" ON "units" USING btree ("name");--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_division_code_divisions_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "role_assignments_site_idx" ON "role_assignments" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "role_assignments_division_idx" ON "role_assignments" USING btree ("division_code");