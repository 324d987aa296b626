-- Web workspace (issue 11): Conversations pages the workspace's emails newest first by (sent_at, id); sync health
-- reads each member's newest sync.
CREATE INDEX IF NOT EXISTS "emails_workspace_sent" ON "emails" ("workspace_id", "sent_at" DESC, "id" DESC);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "email_syncs_user_synced" ON "email_syncs" ("user_id", "synced_at" DESC);
