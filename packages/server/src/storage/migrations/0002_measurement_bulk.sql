ALTER TABLE "measurement" DROP CONSTRAINT "measurement_sample_id_sample_id_fk";
--> statement-breakpoint
ALTER TABLE "measurement" DROP CONSTRAINT "measurement_import_batch_id_import_batch_id_fk";
--> statement-breakpoint
DROP INDEX "measurement_sample_idx";