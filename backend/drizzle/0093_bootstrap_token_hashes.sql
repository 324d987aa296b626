-- Every TOUCHBASE_BOOTSTRAP_TOKEN that ever made a token is remembered, not only the latest: with one hash, a first
-- bootstrap value that an admin deleted came back once a second value had been used and deleted in turn.
ALTER TABLE "workspaces" ADD COLUMN "bootstrap_token_hashes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
UPDATE "workspaces" SET "bootstrap_token_hashes" = ARRAY["bootstrap_token_hash"] WHERE "bootstrap_token_hash" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "bootstrap_token_hash";
