-- Personal access tokens: the token lookup also returns the token's id (to record its last use and to name it in
-- messages), its expiry and when it was last used, so the request gate can refuse an expired token or a
-- deactivated user with a sentence of its own instead of a bare "rejected". The user row already carries
-- deactivated_at (migration 0005). Still one planned-once PL/pgSQL call per request (see migration 0004).
CREATE OR REPLACE FUNCTION touchbase_caller_by_token(p_token_hash text) RETURNS json
	LANGUAGE plpgsql STABLE
	AS $$
DECLARE
	result json;
BEGIN
	SELECT json_build_object(
		'user', row_to_json(u),
		'workspace', row_to_json(w),
		'token', json_build_object('id', t.id, 'expires_at', t.expires_at, 'last_used_at', t.last_used_at)
	) INTO result
	FROM api_tokens t
	JOIN users u ON u.id = t.user_id
	JOIN workspaces w ON w.id = u.workspace_id
	WHERE t.token_hash = p_token_hash
	LIMIT 1;
	RETURN result;
END
$$;
