-- Which transactions changed a workspace's data: the answer cache's way to know a cached answer is still true
-- (src/http/answer-cache.ts). Every statement that writes a table whose rows a lookup or a history page can show
-- records (workspace, its transaction id) here through a statement-level trigger, so no write path can forget it:
-- ingest, deletes, purges, imports, the CLI, a second server on the same PostgreSQL.
--
-- A cached answer keeps the snapshot taken before it was read. It is still true when no transaction recorded here
-- for its workspace is invisible to that snapshot: such a transaction committed after the snapshot (its data may
-- be missing from the answer), or was still running then. Transactions still running now are invisible to the
-- check too, and so is their data; once they commit, the next check sees them. Nothing here takes a row lock
-- that another transaction waits for: each transaction inserts its own rows, keyed by its own id.
--
-- When a record may go: it is dated when its statement ran, not when its transaction committed, so a transaction
-- that wrote and then ran on for ten minutes (a migration's backfill, a long import) must keep its record, and the
-- age of a cached answer is told by its own process's clock, which may be set back. So the cleanup records, each
-- time it runs, a horizon (data_change_horizons): the xmin of its snapshot, below which every transaction has
-- ended. Once a horizon is ten minutes old, the records below it are of transactions over for ten minutes, and
-- they go (with the older horizons). Every record at or above the oldest horizon kept is still there, and
-- touchbase_changed_since treats a snapshot older than that horizon as changed.
--
-- These tables are written by SQL only (no drizzle schema).
CREATE TABLE "data_changes" (
	"workspace_id" text NOT NULL,
	"xid" xid8 NOT NULL,
	"changed_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
	CONSTRAINT "data_changes_pk" PRIMARY KEY ("workspace_id", "xid")
);
--> statement-breakpoint
CREATE INDEX "data_changes_changed_at" ON "data_changes" ("changed_at");
--> statement-breakpoint
CREATE TABLE "data_change_horizons" (
	"below_xid" xid8 PRIMARY KEY,
	"taken_at" timestamptz NOT NULL DEFAULT clock_timestamp()
);
--> statement-breakpoint
-- The tables with a workspace_id column. (PL/pgSQL compiles a trigger function once per table it is attached to,
-- so the one body serves them all.)
CREATE OR REPLACE FUNCTION touchbase_note_change() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
BEGIN
	INSERT INTO data_changes (workspace_id, xid)
	SELECT DISTINCT r.workspace_id, pg_current_xact_id() FROM changed_rows r
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- The workspaces table: its own id.
CREATE OR REPLACE FUNCTION touchbase_note_workspace_change() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
BEGIN
	INSERT INTO data_changes (workspace_id, xid)
	SELECT r.id, pg_current_xact_id() FROM changed_rows r
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- email_customers and email_syncs: the workspace is their email's. When the email itself is deleted, the
-- emails trigger of the same statement records it.
CREATE OR REPLACE FUNCTION touchbase_note_email_change() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
BEGIN
	INSERT INTO data_changes (workspace_id, xid)
	SELECT DISTINCT e.workspace_id, pg_current_xact_id()
	FROM changed_rows r JOIN emails e ON e.id = r.email_id
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
	t text;
	fn text;
BEGIN
	FOREACH t IN ARRAY ARRAY['workspaces', 'users', 'customers', 'customer_domains', 'contacts', 'exclusions',
			'emails', 'email_customers', 'email_syncs', 'private_threads', 'customer_threads', 'customer_replies',
			'customer_signal_totals']
	LOOP
		fn := CASE WHEN t IN ('email_customers', 'email_syncs') THEN 'touchbase_note_email_change'
			WHEN t = 'workspaces' THEN 'touchbase_note_workspace_change' ELSE 'touchbase_note_change' END;
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_changes_insert', t, fn);
		EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_changes_update', t, fn);
		EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_changes_delete', t, fn);
	END LOOP;
END
$$;
--> statement-breakpoint
-- Whether a transaction recorded for the workspace is invisible to the snapshot, or the snapshot is older than the
-- oldest horizon (see above). Planned once per connection.
CREATE OR REPLACE FUNCTION touchbase_changed_since(p_workspace text, p_snapshot pg_snapshot) RETURNS boolean
	LANGUAGE plpgsql STABLE
	SET plan_cache_mode = force_generic_plan
	SET enable_seqscan = off
	AS $$
BEGIN
	IF p_snapshot IS NULL THEN
		RETURN true;
	END IF;
	-- Records below the oldest horizon may have been removed: a snapshot from before it cannot be vouched for.
	IF pg_snapshot_xmin(p_snapshot) < (SELECT min(h.below_xid) FROM data_change_horizons h) THEN
		RETURN true;
	END IF;
	RETURN EXISTS (-- plan: changes since a snapshot
		SELECT 1 FROM data_changes d
		WHERE d.workspace_id = p_workspace AND d.xid >= pg_snapshot_xmin(p_snapshot)
			AND NOT pg_visible_in_snapshot(d.xid, p_snapshot)
	);
END
$$;
