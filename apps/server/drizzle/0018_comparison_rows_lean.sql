ALTER TABLE "comparison_rows" DROP CONSTRAINT "comparison_rows_batch_id_comparison_batches_id_fk";
--> statement-breakpoint
DROP INDEX "comparison_rows_batch_bidx_idx";