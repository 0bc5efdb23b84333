CREATE TABLE "household_incomes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"household_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"wage" integer NOT NULL,
	"business" integer NOT NULL,
	"property" integer NOT NULL,
	"transfer" integer NOT NULL,
	"business_cost" integer NOT NULL,
	"rigid_spending" integer NOT NULL,
	"member_count" integer NOT NULL,
	"per_capita" integer,
	"note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_pairings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"household_id" uuid NOT NULL,
	"side" text NOT NULL,
	"cadre_user_id" uuid NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_pairings_side_check" CHECK ("household_pairings"."side" in ('destination', 'origin'))
);
--> statement-breakpoint
CREATE TABLE "income_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"year" integer NOT NULL,
	"division_code" text NOT NULL,
	"amount" integer NOT NULL,
	"near_margin_percent" integer DEFAULT 10 NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "income_lines_amount_check" CHECK ("income_lines"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "month_closes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"township_code" text NOT NULL,
	"month" text NOT NULL,
	"status" text NOT NULL,
	"closed_at" timestamp with time zone NOT NULL,
	"closed_by" uuid,
	"closed_by_name" text NOT NULL,
	"reopened_at" timestamp with time zone,
	"reopened_by" uuid,
	"reopen_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "month_closes_status_ck" CHECK ("month_closes"."status" in ('closed', 'reopened'))
);
--> statement-breakpoint
CREATE TABLE "revisits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"household_id" uuid NOT NULL,
	"month" text NOT NULL,
	"visit_date" date NOT NULL,
	"method" text NOT NULL,
	"visitor_id" uuid,
	"visitor_name" text NOT NULL,
	"site_id" uuid,
	"township_code" text NOT NULL,
	"changes" jsonb NOT NULL,
	"situations" jsonb NOT NULL,
	"problems" text,
	"measures" text,
	"note" text,
	"photo_attachment_id" uuid,
	"risk_signals" jsonb NOT NULL,
	"registry_changes" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "revisits_month_ck" CHECK ("revisits"."month" = to_char("revisits"."visit_date", 'YYYY-MM'))
);
--> statement-breakpoint
ALTER TABLE "household_incomes" ADD CONSTRAINT "household_incomes_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_incomes" ADD CONSTRAINT "household_incomes_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_pairings" ADD CONSTRAINT "household_pairings_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_pairings" ADD CONSTRAINT "household_pairings_cadre_user_id_users_id_fk" FOREIGN KEY ("cadre_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_pairings" ADD CONSTRAINT "household_pairings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "month_closes" ADD CONSTRAINT "month_closes_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "month_closes" ADD CONSTRAINT "month_closes_reopened_by_users_id_fk" FOREIGN KEY ("reopened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revisits" ADD CONSTRAINT "revisits_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revisits" ADD CONSTRAINT "revisits_visitor_id_users_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revisits" ADD CONSTRAINT "revisits_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revisits" ADD CONSTRAINT "revisits_photo_attachment_id_attachments_id_fk" FOREIGN KEY ("photo_attachment_id") REFERENCES "public"."attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "household_incomes_household_year_uq" ON "household_incomes" USING btree ("household_id","year");--> statement-breakpoint
CREATE INDEX "household_incomes_year_idx" ON "household_incomes" USING btree ("county_code","year");--> statement-breakpoint
CREATE UNIQUE INDEX "household_pairings_open_uq" ON "household_pairings" USING btree ("household_id","side") WHERE "household_pairings"."to_date" is null;--> statement-breakpoint
CREATE INDEX "household_pairings_cadre_idx" ON "household_pairings" USING btree ("cadre_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "income_lines_year_division_uq" ON "income_lines" USING btree ("county_code","year","division_code");--> statement-breakpoint
CREATE UNIQUE INDEX "month_closes_township_month_uq" ON "month_closes" USING btree ("township_code","month");--> statement-breakpoint
CREATE UNIQUE INDEX "revisits_household_month_uq" ON "revisits" USING btree ("household_id","month");--> statement-breakpoint
CREATE INDEX "revisits_month_site_idx" ON "revisits" USING btree ("month","site_id");--> statement-breakpoint
CREATE INDEX "revisits_month_township_idx" ON "revisits" USING btree ("month","township_code");