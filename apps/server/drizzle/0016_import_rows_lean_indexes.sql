DROP INDEX "import_rows_batch_class_idx";--> statement-breakpoint
DROP INDEX "import_rows_bidx_idx";--> statement-breakpoint
CREATE INDEX "import_rows_batch_error_idx" ON "import_rows" USING btree ("batch_id","row_number") WHERE class = 'error' or household_skipped;