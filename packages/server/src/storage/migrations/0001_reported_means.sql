CREATE TABLE "reported_mean" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"analyte_code" text NOT NULL,
	"year" integer NOT NULL,
	"weekday_mean" double precision,
	"weekend_mean" double precision,
	"daily_mean" double precision,
	"source_row" integer,
	"revision" integer DEFAULT 1 NOT NULL,
	"superseded_by" uuid,
	"import_batch_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "site_year_stats" ADD COLUMN "published" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "reported_mean" ADD CONSTRAINT "reported_mean_site_id_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reported_mean" ADD CONSTRAINT "reported_mean_import_batch_id_import_batch_id_fk" FOREIGN KEY ("import_batch_id") REFERENCES "public"."import_batch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reported_mean_current_uq" ON "reported_mean" USING btree ("site_id","analyte_code","year") WHERE superseded_by IS NULL;