-- The Customers board sorts by "awaiting reply" and "median reply time" (issue 13, surfaces). One row per customer
-- with any signal: the oldest thread still awaiting a reply and how many do, and the median first reply time of the
-- last 90 days with how many replies it rests on. Rewritten for the customers of the threads each write touches
-- (`data/signals-upkeep.ts`, right after customer_threads and customer_replies), so the board reads a page off one
-- of two partial indexes in their own order instead of grouping every customer's threads. No foreign key: a
-- customer's delete must not take this row's lock before the thread locks; an orphan row is never joined.
CREATE TABLE "customer_signal_totals" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"awaiting_since" timestamp with time zone,
	"awaiting_count" integer DEFAULT 0 NOT NULL,
	"median_reply_minutes" double precision,
	"replies_measured" integer DEFAULT 0 NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "customer_signal_totals_awaiting" ON "customer_signal_totals" ("workspace_id", "awaiting_since", "customer_id") WHERE "awaiting_since" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "customer_signal_totals_median" ON "customer_signal_totals" ("workspace_id", "median_reply_minutes", "customer_id") WHERE "median_reply_minutes" IS NOT NULL;--> statement-breakpoint
INSERT INTO "customer_signal_totals" ("customer_id", "workspace_id", "awaiting_since", "awaiting_count", "median_reply_minutes", "replies_measured")
SELECT c.id, c.workspace_id, a.since, coalesce(a.n, 0), r.median, coalesce(r.n, 0)
FROM "customers" c
LEFT JOIN (SELECT customer_id, min(last_sent_at) AS since, least(count(*), 1000)::int AS n FROM "customer_threads"
           WHERE last_direction = 'inbound' GROUP BY customer_id) a ON a.customer_id = c.id
LEFT JOIN (SELECT customer_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS median, count(*)::int AS n
           FROM "customer_replies" WHERE replied_at >= now() - interval '90 days' GROUP BY customer_id) r
       ON r.customer_id = c.id
WHERE a.customer_id IS NOT NULL OR r.customer_id IS NOT NULL;
