ALTER TABLE "care_risk_assessment" ADD COLUMN "assessed_by" text;--> statement-breakpoint
ALTER TABLE "care_risk_assessment" ADD COLUMN "inputs" jsonb;--> statement-breakpoint
ALTER TABLE "care_risk_assessment" ADD COLUMN "rejected_by" text;--> statement-breakpoint
ALTER TABLE "care_risk_assessment" ADD COLUMN "rejected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "care_risk_assessment" ADD COLUMN "decision_reason" text;