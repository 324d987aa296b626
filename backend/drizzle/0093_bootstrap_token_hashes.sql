-- Every TOUCHBASE_BOOTSTRAP_TOKEN that ever made a token is remembered, not only the latest: with one hash, a first
-- bootstrap value that an admin deleted came back once a second value had been used and deleted in turn.
ALTER TABLE "workspaces" ADD COLUMN "bootstrap_token_hashes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
UPDATE "workspaces" SET "bootstrap_token_hashes" = ARRAY["bootstrap_token_hash"] WHERE "bootstrap_token_hash" IS NOT NULL;
-- The old column stays (unread from now on) so that servers of the previous release keep working while a rolling
-- upgrade replaces them; a later release drops it.
