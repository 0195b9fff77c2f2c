CREATE TABLE "alert" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"analyte_code" text NOT NULL,
	"detector" text NOT NULL,
	"level" text NOT NULL,
	"sample_date" date NOT NULL,
	"last_sample_date" date NOT NULL,
	"score" double precision NOT NULL,
	"explanation" jsonb NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"lead_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_evidence" (
	"alert_id" uuid NOT NULL,
	"sample_date" date NOT NULL,
	"level" text NOT NULL,
	"score" double precision NOT NULL,
	"explanation" jsonb NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_evidence_alert_id_sample_date_pk" PRIMARY KEY("alert_id","sample_date")
);
--> statement-breakpoint
CREATE TABLE "alert_state_change" (
	"id" uuid PRIMARY KEY NOT NULL,
	"alert_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_suppression" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"analyte_code" text,
	"detector" text,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"reason" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text
);
--> statement-breakpoint
CREATE TABLE "lead" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"status" text NOT NULL,
	"org_unit" text NOT NULL,
	"assigning_unit" text,
	"assigned_by" text NOT NULL,
	"deadline" date NOT NULL,
	"site_id" uuid,
	"analyte_code" text,
	"findings" text,
	"outcome" text,
	"feedback_by" text,
	"feedback_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lead_alert" (
	"lead_id" uuid NOT NULL,
	"alert_id" uuid NOT NULL,
	CONSTRAINT "lead_alert_lead_id_alert_id_pk" PRIMARY KEY("lead_id","alert_id")
);
--> statement-breakpoint
CREATE TABLE "lead_attachment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lead_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lead_state_change" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lead_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sampling_point" (
	"id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"sample_date" date NOT NULL,
	"custody_code" text NOT NULL,
	"sample_id" uuid,
	"positive" boolean
);
--> statement-breakpoint
CREATE TABLE "sampling_task" (
	"id" uuid PRIMARY KEY NOT NULL,
	"alert_id" uuid,
	"lead_id" uuid,
	"round" integer NOT NULL,
	"analyte_code" text,
	"status" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_order" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lead_id" uuid NOT NULL,
	"org_unit" text NOT NULL,
	"supervisor_unit" text,
	"reason" text NOT NULL,
	"deadline" date NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "alert" ADD CONSTRAINT "alert_site_id_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_evidence" ADD CONSTRAINT "alert_evidence_alert_id_alert_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alert"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_state_change" ADD CONSTRAINT "alert_state_change_alert_id_alert_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alert"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_suppression" ADD CONSTRAINT "alert_suppression_site_id_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead" ADD CONSTRAINT "lead_site_id_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_alert" ADD CONSTRAINT "lead_alert_lead_id_lead_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."lead"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_alert" ADD CONSTRAINT "lead_alert_alert_id_alert_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alert"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_attachment" ADD CONSTRAINT "lead_attachment_lead_id_lead_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."lead"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_state_change" ADD CONSTRAINT "lead_state_change_lead_id_lead_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."lead"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sampling_point" ADD CONSTRAINT "sampling_point_task_id_sampling_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."sampling_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sampling_point" ADD CONSTRAINT "sampling_point_site_id_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sampling_task" ADD CONSTRAINT "sampling_task_alert_id_alert_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alert"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sampling_task" ADD CONSTRAINT "sampling_task_lead_id_lead_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."lead"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_order" ADD CONSTRAINT "supervision_order_lead_id_lead_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."lead"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_open_key_uq" ON "alert" USING btree ("site_id","analyte_code","detector") WHERE status IN ('new', 'acknowledged', 'lead');--> statement-breakpoint
CREATE INDEX "alert_status_idx" ON "alert" USING btree ("status","sample_date");--> statement-breakpoint
CREATE INDEX "alert_key_idx" ON "alert" USING btree ("site_id","analyte_code","detector","last_sample_date");--> statement-breakpoint
CREATE INDEX "alert_state_change_alert_idx" ON "alert_state_change" USING btree ("alert_id","at");--> statement-breakpoint
CREATE INDEX "alert_suppression_site_idx" ON "alert_suppression" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "lead_status_idx" ON "lead" USING btree ("status","deadline");--> statement-breakpoint
CREATE INDEX "lead_org_unit_idx" ON "lead" USING btree ("org_unit");--> statement-breakpoint
CREATE INDEX "lead_attachment_lead_idx" ON "lead_attachment" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "lead_state_change_lead_idx" ON "lead_state_change" USING btree ("lead_id","at");--> statement-breakpoint
CREATE INDEX "notification_user_idx" ON "notification" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sampling_point_custody_uq" ON "sampling_point" USING btree ("custody_code");--> statement-breakpoint
CREATE INDEX "sampling_point_site_date_idx" ON "sampling_point" USING btree ("site_id","sample_date");--> statement-breakpoint
CREATE INDEX "sampling_task_alert_idx" ON "sampling_task" USING btree ("alert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_order_open_uq" ON "supervision_order" USING btree ("lead_id") WHERE status = 'open';