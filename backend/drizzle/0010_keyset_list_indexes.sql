-- Keyset pages served in the index's own order (issue 9). The exclusions list pages on (created_at, id) within
-- the workspace; before this it sorted every exclusion of the workspace on each request. Hand-written.
CREATE INDEX "exclusions_workspace_created" ON "exclusions" USING btree ("workspace_id","created_at","id");
