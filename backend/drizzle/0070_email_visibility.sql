-- Who sees what (issue 12). The workspace's tier says what a member sees of email they did not sync (`full`,
-- `subject` or `metadata`); it is read at every request, so a change applies at once to every stored email.
ALTER TABLE "workspaces" ADD COLUMN "visibility" text NOT NULL DEFAULT 'full';
--> statement-breakpoint
-- A private thread: only the syncers of each of its emails read that email. The flag is on the thread, not the
-- email, so an email that joins the thread later is private too. Deleting the thread's emails leaves the row; it
-- costs nothing and keeps the thread private if it comes back.
CREATE TABLE "private_threads" (
	"workspace_id" text NOT NULL REFERENCES "workspaces"("id") ON DELETE CASCADE,
	"thread_key" text NOT NULL,
	"marked_by" text REFERENCES "users"("id") ON DELETE SET NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "private_threads_pk" PRIMARY KEY ("workspace_id", "thread_key")
);
