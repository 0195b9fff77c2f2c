ALTER TABLE "care_stage" ADD COLUMN "reason" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "care_task" ADD COLUMN "title_zh" text;--> statement-breakpoint
ALTER TABLE "care_task" ADD COLUMN "title_en" text;