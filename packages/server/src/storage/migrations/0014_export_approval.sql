CREATE TABLE "export_approval" (
	"id" uuid PRIMARY KEY NOT NULL,
	"requested_by" text NOT NULL,
	"purpose" text NOT NULL,
	"reason" text NOT NULL,
	"jurisdiction_code" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "export_approval_requester_idx" ON "export_approval" USING btree ("requested_by","requested_at");