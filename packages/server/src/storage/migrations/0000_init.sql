CREATE TABLE "analyte" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"parent_drug" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "app_user" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"roles" jsonb NOT NULL,
	"must_change_password" boolean DEFAULT true NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_batch" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"format" text NOT NULL,
	"encoding" text NOT NULL,
	"rows" integer NOT NULL,
	"status" text NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"counts" jsonb NOT NULL,
	"errors" jsonb NOT NULL,
	"actor" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measurement" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sample_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"sample_date" date NOT NULL,
	"analyte_code" text NOT NULL,
	"quantity" text NOT NULL,
	"value_reported" text,
	"unit_reported" text,
	"value_canonical" double precision,
	"detection" text NOT NULL,
	"lod_ng_per_l" double precision,
	"loq_ng_per_l" double precision,
	"revision" integer DEFAULT 1 NOT NULL,
	"superseded_by" uuid,
	"import_batch_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parameter_entry" (
	"id" uuid PRIMARY KEY NOT NULL,
	"parameter_set_id" uuid NOT NULL,
	"drug" text NOT NULL,
	"analyte_code" text NOT NULL,
	"is_default" boolean NOT NULL,
	"excretion_fraction" double precision,
	"correction_factor" double precision,
	"typical_dose_mg" double precision,
	"details" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parameter_set" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"source_file" text NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sample" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"sample_date" date NOT NULL,
	"date_precision" text DEFAULT 'day' NOT NULL,
	"mode" text DEFAULT 'composite_24h' NOT NULL,
	"flow_m3_per_day" double precision,
	"population_served" double precision,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"import_batch_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"client_address" text,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"jurisdiction_code" text,
	"lon" double precision,
	"lat" double precision,
	"population_served" double precision,
	"downstream_site_id" uuid,
	"source" text NOT NULL,
	"country" text,
	"city" text,
	"import_batch_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_year_stats" (
	"site_id" uuid NOT NULL,
	"analyte_code" text NOT NULL,
	"year" integer NOT NULL,
	"days" integer NOT NULL,
	"weekday_mean" double precision,
	"weekend_mean" double precision,
	"daily_mean" double precision,
	"profile" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "measurement" ADD CONSTRAINT "measurement_sample_id_sample_id_fk" FOREIGN KEY ("sample_id") REFERENCES "public"."sample"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurement" ADD CONSTRAINT "measurement_import_batch_id_import_batch_id_fk" FOREIGN KEY ("import_batch_id") REFERENCES "public"."import_batch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parameter_entry" ADD CONSTRAINT "parameter_entry_parameter_set_id_parameter_set_id_fk" FOREIGN KEY ("parameter_set_id") REFERENCES "public"."parameter_set"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample" ADD CONSTRAINT "sample_site_id_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample" ADD CONSTRAINT "sample_import_batch_id_import_batch_id_fk" FOREIGN KEY ("import_batch_id") REFERENCES "public"."import_batch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site" ADD CONSTRAINT "site_import_batch_id_import_batch_id_fk" FOREIGN KEY ("import_batch_id") REFERENCES "public"."import_batch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "app_user_username_uq" ON "app_user" USING btree ("username");--> statement-breakpoint
CREATE INDEX "import_batch_sha256_idx" ON "import_batch" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "import_batch_created_idx" ON "import_batch" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "measurement_current_uq" ON "measurement" USING btree ("site_id","analyte_code","sample_date","quantity") WHERE superseded_by IS NULL;--> statement-breakpoint
CREATE INDEX "measurement_sample_idx" ON "measurement" USING btree ("sample_id");--> statement-breakpoint
CREATE INDEX "parameter_entry_set_idx" ON "parameter_entry" USING btree ("parameter_set_id","analyte_code");--> statement-breakpoint
CREATE UNIQUE INDEX "parameter_set_version_uq" ON "parameter_set" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "sample_site_date_uq" ON "sample" USING btree ("site_id","sample_date");--> statement-breakpoint
CREATE INDEX "session_user_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "site_code_uq" ON "site" USING btree ("code");--> statement-breakpoint
CREATE INDEX "site_source_idx" ON "site" USING btree ("source");--> statement-breakpoint
CREATE UNIQUE INDEX "site_year_stats_pk" ON "site_year_stats" USING btree ("site_id","analyte_code","year");--> statement-breakpoint
CREATE INDEX "site_year_stats_analyte_year_idx" ON "site_year_stats" USING btree ("analyte_code","year");