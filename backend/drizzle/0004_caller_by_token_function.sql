-- Every API request looks its token up: the user and the workspace behind a token hash, as one JSON value. In a
-- PL/pgSQL function the join is planned once per connection and then reused, where the same SELECT sent as a
-- query is planned anew each time (on PGlite, where each query runs in the server's own thread, the planning was
-- most of an unchanged-index check). Hand-written: drizzle-kit does not generate functions.
CREATE OR REPLACE FUNCTION touchbase_caller_by_token(p_token_hash text) RETURNS json
	LANGUAGE plpgsql STABLE
	AS $$
DECLARE
	result json;
BEGIN
	SELECT json_build_object('user', row_to_json(u), 'workspace', row_to_json(w)) INTO result
	FROM api_tokens t
	JOIN users u ON u.id = t.user_id
	JOIN workspaces w ON w.id = u.workspace_id
	WHERE t.token_hash = p_token_hash
	LIMIT 1;
	RETURN result;
END
$$;
