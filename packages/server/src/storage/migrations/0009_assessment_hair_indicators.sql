CREATE TABLE "assessment_import" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"encoding" text NOT NULL,
	"rows" integer NOT NULL,
	"status" text NOT NULL,
	"counts" jsonb NOT NULL,
	"errors" jsonb NOT NULL,
	"actor" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hair_result" (
	"id" uuid PRIMARY KEY NOT NULL,
	"segment_id" uuid NOT NULL,
	"analyte_code" text NOT NULL,
	"value_reported" text,
	"unit_reported" text,
	"concentration_ng_per_mg" double precision,
	"detection" text NOT NULL,
	"lod_ng_per_mg" double precision,
	"loq_ng_per_mg" double precision,
	"cutoff_set_id" text NOT NULL,
	"cutoff_ng_per_mg" double precision,
	"result" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"superseded_by" uuid,
	"import_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hair_sample" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sample_no" text NOT NULL,
	"part" text NOT NULL,
	"subject_ref" text NOT NULL,
	"jurisdiction_code" text NOT NULL,
	"collected_at" timestamp with time zone NOT NULL,
	"head_site" text NOT NULL,
	"collectors" jsonb NOT NULL,
	"length_cm" double precision,
	"mass_mg" double precision,
	"lab" text NOT NULL,
	"method" text NOT NULL,
	"retest_of_sample_id" uuid,
	"reported_at" date,
	"import_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hair_segment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"hair_sample_id" uuid NOT NULL,
	"from_cm" double precision NOT NULL,
	"to_cm" double precision NOT NULL,
	"growth_cm_per_month" double precision NOT NULL,
	"est_period_start" date NOT NULL,
	"est_period_end" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hair_survey" (
	"id" uuid PRIMARY KEY NOT NULL,
	"survey_code" text NOT NULL,
	"group_kind" text NOT NULL,
	"group_label" text NOT NULL,
	"jurisdiction_code" text NOT NULL,
	"period" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"n_tested" integer NOT NULL,
	"positives_any" integer NOT NULL,
	"cutoff_set_id" text NOT NULL,
	"simulated" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"import_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hair_survey_count" (
	"id" uuid PRIMARY KEY NOT NULL,
	"survey_id" uuid NOT NULL,
	"analyte_code" text NOT NULL,
	"positives" integer NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"superseded_by" uuid,
	"import_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_definition" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"unit" text NOT NULL,
	"direction" text NOT NULL,
	"origin" text NOT NULL,
	"analyte_code" text,
	"aggregation" text NOT NULL,
	"source" text NOT NULL,
	"baseline_year" integer,
	"target" double precision,
	"version" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_value" (
	"id" uuid PRIMARY KEY NOT NULL,
	"indicator_code" text NOT NULL,
	"jurisdiction_code" text NOT NULL,
	"period" text NOT NULL,
	"period_kind" text NOT NULL,
	"value" double precision NOT NULL,
	"simulated" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"source_row" integer,
	"revision" integer DEFAULT 1 NOT NULL,
	"superseded_by" uuid,
	"import_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hair_result" ADD CONSTRAINT "hair_result_segment_id_hair_segment_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."hair_segment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hair_segment" ADD CONSTRAINT "hair_segment_hair_sample_id_hair_sample_id_fk" FOREIGN KEY ("hair_sample_id") REFERENCES "public"."hair_sample"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hair_survey_count" ADD CONSTRAINT "hair_survey_count_survey_id_hair_survey_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."hair_survey"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_value" ADD CONSTRAINT "indicator_value_indicator_code_indicator_definition_code_fk" FOREIGN KEY ("indicator_code") REFERENCES "public"."indicator_definition"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_import_sha_idx" ON "assessment_import" USING btree ("sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "hair_result_current_uq" ON "hair_result" USING btree ("segment_id","analyte_code") WHERE superseded_by IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "hair_sample_no_part_uq" ON "hair_sample" USING btree ("sample_no","part");--> statement-breakpoint
CREATE INDEX "hair_sample_subject_idx" ON "hair_sample" USING btree ("subject_ref");--> statement-breakpoint
CREATE INDEX "hair_sample_jurisdiction_idx" ON "hair_sample" USING btree ("jurisdiction_code");--> statement-breakpoint
CREATE UNIQUE INDEX "hair_segment_uq" ON "hair_segment" USING btree ("hair_sample_id","from_cm","to_cm");--> statement-breakpoint
CREATE UNIQUE INDEX "hair_survey_code_uq" ON "hair_survey" USING btree ("survey_code");--> statement-breakpoint
CREATE INDEX "hair_survey_area_period_idx" ON "hair_survey" USING btree ("jurisdiction_code","period");--> statement-breakpoint
CREATE UNIQUE INDEX "hair_survey_count_current_uq" ON "hair_survey_count" USING btree ("survey_id","analyte_code") WHERE superseded_by IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_value_current_uq" ON "indicator_value" USING btree ("indicator_code","jurisdiction_code","period") WHERE superseded_by IS NULL;--> statement-breakpoint
CREATE INDEX "indicator_value_period_idx" ON "indicator_value" USING btree ("period_kind","period");