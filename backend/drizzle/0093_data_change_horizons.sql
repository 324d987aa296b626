-- When a record of data_changes (migration 0092) may be removed. Until now a record went ten minutes after its
-- write, but a write is recorded when its statement runs, not when its transaction commits: a transaction that
-- wrote, then ran on for ten minutes more (a migration's backfill, a long import) could commit with its record
-- already gone, and an answer read while it ran was served again as if nothing had changed. And the age of a
-- cached answer is told by its own process's clock: one set back keeps an answer past the ten minutes.
--
-- Now the cleanup (src/http/answer-cache.ts) records, each time it runs, a horizon: the xmin of its snapshot, below
-- which every transaction has ended. Once a horizon is ten minutes old, the records below it are of transactions
-- over for ten minutes, and they go (with the older horizons). So every record at or above the oldest horizon kept
-- is still there, and touchbase_changed_since treats a snapshot older than that horizon as changed: the records it
-- would need may be gone.
CREATE TABLE "data_change_horizons" (
	"below_xid" xid8 PRIMARY KEY,
	"taken_at" timestamptz NOT NULL DEFAULT clock_timestamp()
);
--> statement-breakpoint
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
