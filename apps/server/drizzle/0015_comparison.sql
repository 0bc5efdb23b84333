CREATE TABLE "dashboard_figures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"month" text NOT NULL,
	"scope_key" text NOT NULL,
	"figures" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "dashboard_figures_month_scope_uq" ON "dashboard_figures" USING btree ("month","scope_key");--> statement-breakpoint
CREATE INDEX "dashboard_figures_scope_month_idx" ON "dashboard_figures" USING btree ("scope_key","month");