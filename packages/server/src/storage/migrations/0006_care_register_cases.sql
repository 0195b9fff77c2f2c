CREATE TABLE "care_agreement" (
	"id" text PRIMARY KEY NOT NULL,
	"measure_id" text NOT NULL,
	"version" integer NOT NULL,
	"signed_on" date NOT NULL,
	"content_enc" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_case_entry" (
	"id" text PRIMARY KEY NOT NULL,
	"measure_id" text NOT NULL,
	"kind" text NOT NULL,
	"mode" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"title" text NOT NULL,
	"summary_enc" text,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_centre" (
	"id" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"jurisdiction_code" text NOT NULL,
	"worker_ratio" integer DEFAULT 25 NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_leave_report" (
	"id" text PRIMARY KEY NOT NULL,
	"measure_id" text NOT NULL,
	"leave_from" date NOT NULL,
	"leave_to" date NOT NULL,
	"destination_enc" text NOT NULL,
	"submitted_on" date NOT NULL,
	"approved_by" text,
	"returned_on" date,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_measure" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"type" text NOT NULL,
	"decision_no" text NOT NULL,
	"decided_by" text NOT NULL,
	"served_on" date NOT NULL,
	"reported_on" date,
	"term_months" integer NOT NULL,
	"exec_jurisdiction_code" text NOT NULL,
	"centre_id" text,
	"state" text NOT NULL,
	"state_since" timestamp with time zone NOT NULL,
	"end_reason" text,
	"test_policy_code" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_obligation_template" (
	"code" text PRIMARY KEY NOT NULL,
	"definition" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_person" (
	"id" text PRIMARY KEY NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_bidx" text NOT NULL,
	"name_enc" text NOT NULL,
	"phone_enc" text,
	"address_enc" text,
	"location_enc" text,
	"notes_enc" text,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"minor" boolean DEFAULT false NOT NULL,
	"pregnant_or_nursing" boolean DEFAULT false NOT NULL,
	"hukou_jurisdiction_code" text NOT NULL,
	"residence_jurisdiction_code" text NOT NULL,
	"category" text NOT NULL,
	"drug_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sealed" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"registered_on" date NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_police_report" (
	"id" text PRIMARY KEY NOT NULL,
	"measure_id" text NOT NULL,
	"trigger" text NOT NULL,
	"proposal" jsonb NOT NULL,
	"confirmed_by" text NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL,
	"police_ack" text
);
--> statement-breakpoint
CREATE TABLE "care_residence_change" (
	"id" text PRIMARY KEY NOT NULL,
	"measure_id" text NOT NULL,
	"from_jurisdiction_code" text NOT NULL,
	"to_jurisdiction_code" text NOT NULL,
	"file_sent_on" date,
	"reported_on" date,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_risk_assessment" (
	"id" text PRIMARY KEY NOT NULL,
	"measure_id" text NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL,
	"model_version" text NOT NULL,
	"score" double precision NOT NULL,
	"grade" text NOT NULL,
	"factors" jsonb NOT NULL,
	"confirmed_by" text,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "care_service" (
	"id" text PRIMARY KEY NOT NULL,
	"measure_id" text NOT NULL,
	"campaign" text,
	"kind" text NOT NULL,
	"provider_dept" text NOT NULL,
	"delivered_on" date NOT NULL,
	"outcome" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_stage" (
	"id" text PRIMARY KEY NOT NULL,
	"measure_id" text NOT NULL,
	"stage" text NOT NULL,
	"entered_on" date NOT NULL,
	"criteria" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"evaluator" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_task" (
	"id" text PRIMARY KEY NOT NULL,
	"measure_id" text NOT NULL,
	"kind" text NOT NULL,
	"source_code" text NOT NULL,
	"due_on" date NOT NULL,
	"place" text NOT NULL,
	"assigned_to" text,
	"status" text NOT NULL,
	"done_at" timestamp with time zone,
	"test_id" text
);
--> statement-breakpoint
CREATE TABLE "care_test" (
	"id" text PRIMARY KEY NOT NULL,
	"measure_id" text NOT NULL,
	"due_on" date,
	"random" boolean DEFAULT false NOT NULL,
	"matrix" text,
	"method" text,
	"status" text NOT NULL,
	"result" text,
	"substances" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"collected_at" timestamp with time zone,
	"collectors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"hair_result_ref" text,
	"recorded_by" text,
	"recorded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "care_transition" (
	"id" text PRIMARY KEY NOT NULL,
	"measure_id" text NOT NULL,
	"event" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_violation" (
	"id" text PRIMARY KEY NOT NULL,
	"measure_id" text NOT NULL,
	"type" text NOT NULL,
	"occurred_on" date NOT NULL,
	"days" integer,
	"note_enc" text,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_work_group_member" (
	"id" text PRIMARY KEY NOT NULL,
	"measure_id" text NOT NULL,
	"role" text NOT NULL,
	"user_id" text,
	"name_enc" text,
	"since" date NOT NULL,
	"until" date
);
--> statement-breakpoint
ALTER TABLE "care_agreement" ADD CONSTRAINT "care_agreement_measure_id_care_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."care_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_case_entry" ADD CONSTRAINT "care_case_entry_measure_id_care_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."care_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_leave_report" ADD CONSTRAINT "care_leave_report_measure_id_care_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."care_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_measure" ADD CONSTRAINT "care_measure_person_id_care_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."care_person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_measure" ADD CONSTRAINT "care_measure_centre_id_care_centre_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."care_centre"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_police_report" ADD CONSTRAINT "care_police_report_measure_id_care_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."care_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_residence_change" ADD CONSTRAINT "care_residence_change_measure_id_care_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."care_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_risk_assessment" ADD CONSTRAINT "care_risk_assessment_measure_id_care_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."care_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_service" ADD CONSTRAINT "care_service_measure_id_care_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."care_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_stage" ADD CONSTRAINT "care_stage_measure_id_care_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."care_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_task" ADD CONSTRAINT "care_task_measure_id_care_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."care_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_test" ADD CONSTRAINT "care_test_measure_id_care_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."care_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_transition" ADD CONSTRAINT "care_transition_measure_id_care_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."care_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_violation" ADD CONSTRAINT "care_violation_measure_id_care_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."care_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_work_group_member" ADD CONSTRAINT "care_work_group_member_measure_id_care_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."care_measure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "care_agreement_version_uq" ON "care_agreement" USING btree ("measure_id","version");--> statement-breakpoint
CREATE INDEX "care_entry_measure_idx" ON "care_case_entry" USING btree ("measure_id","occurred_at");--> statement-breakpoint
CREATE INDEX "care_centre_jur_idx" ON "care_centre" USING btree ("jurisdiction_code");--> statement-breakpoint
CREATE INDEX "care_leave_measure_idx" ON "care_leave_report" USING btree ("measure_id");--> statement-breakpoint
CREATE INDEX "care_measure_person_idx" ON "care_measure" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "care_measure_jur_idx" ON "care_measure" USING btree ("exec_jurisdiction_code");--> statement-breakpoint
CREATE UNIQUE INDEX "care_person_bidx_uq" ON "care_person" USING btree ("id_number_bidx");--> statement-breakpoint
CREATE INDEX "care_person_residence_idx" ON "care_person" USING btree ("residence_jurisdiction_code");--> statement-breakpoint
CREATE INDEX "care_service_measure_idx" ON "care_service" USING btree ("measure_id");--> statement-breakpoint
CREATE INDEX "care_stage_measure_idx" ON "care_stage" USING btree ("measure_id","entered_on");--> statement-breakpoint
CREATE INDEX "care_task_assignee_idx" ON "care_task" USING btree ("assigned_to","status","due_on");--> statement-breakpoint
CREATE INDEX "care_task_measure_idx" ON "care_task" USING btree ("measure_id");--> statement-breakpoint
CREATE UNIQUE INDEX "care_task_natural_uq" ON "care_task" USING btree ("measure_id","source_code","due_on");--> statement-breakpoint
CREATE INDEX "care_test_measure_idx" ON "care_test" USING btree ("measure_id","due_on");--> statement-breakpoint
CREATE INDEX "care_transition_measure_idx" ON "care_transition" USING btree ("measure_id","occurred_at");--> statement-breakpoint
CREATE INDEX "care_violation_measure_idx" ON "care_violation" USING btree ("measure_id");--> statement-breakpoint
CREATE INDEX "care_wgm_measure_idx" ON "care_work_group_member" USING btree ("measure_id");--> statement-breakpoint
CREATE INDEX "care_wgm_user_idx" ON "care_work_group_member" USING btree ("user_id");