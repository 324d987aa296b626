-- BCC inbound verifies the sender (DKIM, or SPF through the SMTP listener); admins may name domains whose unsigned
-- mail is still taken. The bootstrap token's hash is remembered so a deleted bootstrap token is never minted again.
ALTER TABLE "workspaces" ADD COLUMN "inbound_unsigned_domains" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "bootstrap_token_hash" text;
