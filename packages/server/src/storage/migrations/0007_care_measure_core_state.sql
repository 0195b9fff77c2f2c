ALTER TABLE "care_measure" ADD COLUMN "core_state" jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "care_transition" ADD COLUMN "details" jsonb DEFAULT '{}'::jsonb NOT NULL;