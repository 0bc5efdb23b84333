CREATE TABLE "origin_cadre_contacts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"site_id" uuid NOT NULL,
	"name" text NOT NULL,
	"village_code" text NOT NULL,
	"position" text DEFAULT '' NOT NULL,
	"phone_enc" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "origin_cadre_contacts" ADD CONSTRAINT "origin_cadre_contacts_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "origin_cadre_contacts" ADD CONSTRAINT "origin_cadre_contacts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "origin_cadre_contacts_site_idx" ON "origin_cadre_contacts" USING btree ("site_id");