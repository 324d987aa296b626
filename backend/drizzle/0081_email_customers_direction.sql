-- A customer's emails per week, inbound and outbound (the profile chart), read off email_customers alone: the
-- email's direction is copied there like sent_at (an email's direction never changes once stored), so 26 weeks of
-- a customer with 100,000 emails is one range of the history index instead of a join with every email.
ALTER TABLE "email_customers" ADD COLUMN "direction" text;--> statement-breakpoint
UPDATE "email_customers" ec SET "direction" = e."direction" FROM "emails" e WHERE e."id" = ec."email_id";
