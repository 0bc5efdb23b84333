ALTER TABLE "import_rows" ALTER COLUMN "household_number" SET DEFAULT '';--> statement-breakpoint
ALTER TABLE "import_rows" ALTER COLUMN "household_number" SET NOT NULL;