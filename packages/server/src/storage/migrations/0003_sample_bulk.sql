ALTER TABLE "sample" DROP CONSTRAINT "sample_site_id_site_id_fk";
--> statement-breakpoint
ALTER TABLE "sample" DROP CONSTRAINT "sample_import_batch_id_import_batch_id_fk";
