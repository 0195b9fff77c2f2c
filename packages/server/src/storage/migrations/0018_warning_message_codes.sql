ALTER TABLE "alert_state_change" ADD COLUMN "reason_code" text;--> statement-breakpoint
ALTER TABLE "alert_state_change" ADD COLUMN "reason_params" jsonb;--> statement-breakpoint
ALTER TABLE "lead_state_change" ADD COLUMN "reason_code" text;--> statement-breakpoint
ALTER TABLE "lead_state_change" ADD COLUMN "reason_params" jsonb;--> statement-breakpoint
ALTER TABLE "notification" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "notification" ADD COLUMN "params" jsonb;