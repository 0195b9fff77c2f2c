ALTER TABLE "supervision_order" ADD COLUMN "reason_code" text;--> statement-breakpoint
ALTER TABLE "supervision_order" ADD COLUMN "reason_params" jsonb;