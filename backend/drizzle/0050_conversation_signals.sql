-- Conversation signals (issue 13). Each email gets the text its sender wrote (quoted history and signature
-- removed), its normalized sender and whether it is noise (auto-reply, bounce, calendar, bulk: a workspace may
-- store them, signals never count them). Two derived tables hold per customer and thread what the signals need,
-- kept current on every write that touches a thread, so reading a customer's signals never scans its history:
-- customer_threads (the newest non-noise email of each thread: awaiting a reply when it is inbound) and
-- customer_replies (one row per answered inbound email that started or resumed a thread: the first reply time).
ALTER TABLE "emails" ADD COLUMN "reply_text" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "from_address" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "noise" text;--> statement-breakpoint
CREATE INDEX "emails_workspace_from_inbound" ON "emails" ("workspace_id", "from_address", "sent_at" DESC) WHERE "direction" = 'inbound' AND "noise" IS NULL;--> statement-breakpoint
CREATE TABLE "customer_threads" (
	"customer_id" text NOT NULL REFERENCES "customers"("id") ON DELETE CASCADE,
	"thread_key" text NOT NULL,
	"workspace_id" text NOT NULL,
	"last_email_id" text NOT NULL,
	"last_sent_at" timestamp with time zone NOT NULL,
	"last_direction" text NOT NULL,
	"last_from" text,
	"last_inbound_at" timestamp with time zone,
	"last_outbound_at" timestamp with time zone,
	PRIMARY KEY ("customer_id", "thread_key")
);--> statement-breakpoint
CREATE INDEX "customer_threads_workspace_thread" ON "customer_threads" ("workspace_id", "thread_key");--> statement-breakpoint
CREATE INDEX "customer_threads_awaiting" ON "customer_threads" ("customer_id", "last_sent_at" DESC) WHERE "last_direction" = 'inbound';--> statement-breakpoint
CREATE INDEX "customer_threads_last_inbound" ON "customer_threads" ("customer_id", "last_inbound_at" DESC) WHERE "last_inbound_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "customer_threads_last_outbound" ON "customer_threads" ("customer_id", "last_outbound_at" DESC) WHERE "last_outbound_at" IS NOT NULL;--> statement-breakpoint
CREATE TABLE "customer_replies" (
	"customer_id" text NOT NULL REFERENCES "customers"("id") ON DELETE CASCADE,
	"workspace_id" text NOT NULL,
	"thread_key" text NOT NULL,
	"inbound_email_id" text NOT NULL,
	"inbound_from" text,
	"inbound_at" timestamp with time zone NOT NULL,
	"replied_at" timestamp with time zone NOT NULL,
	"minutes" double precision NOT NULL
);--> statement-breakpoint
CREATE INDEX "customer_replies_customer" ON "customer_replies" ("customer_id", "replied_at") INCLUDE ("minutes", "inbound_from");--> statement-breakpoint
CREATE INDEX "customer_replies_workspace_thread" ON "customer_replies" ("workspace_id", "thread_key");
