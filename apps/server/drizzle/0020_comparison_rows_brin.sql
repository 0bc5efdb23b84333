DROP INDEX "comparison_rows_batch_row_uq";--> statement-breakpoint
DROP INDEX "comparison_rows_person_idx";--> statement-breakpoint
CREATE INDEX "comparison_rows_batch_brin" ON "comparison_rows" USING brin ("batch_id") WITH (autosummarize=true);--> statement-breakpoint
CREATE INDEX "comparison_rows_batch_problem_idx" ON "comparison_rows" USING btree ("batch_id","row_number") WHERE status <> 'matched';--> statement-breakpoint
ALTER TABLE "comparison_rows" DROP COLUMN "id_bidx";--> statement-breakpoint
ALTER TABLE "comparison_rows" DROP COLUMN "row_key";