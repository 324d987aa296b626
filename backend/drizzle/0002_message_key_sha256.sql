-- The lower-case hex SHA-256 of a stored message key (UTF-8), for GET /lookup?messageIdSha256=. convert_to() is
-- only STABLE (it depends on the database encoding, which never changes for a database), so an expression index
-- cannot call it directly; this wrapper declares the whole expression IMMUTABLE. Hand-written: drizzle-kit
-- generates only the index below.
CREATE OR REPLACE FUNCTION touchbase_sha256_hex(value text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	AS $$ SELECT encode(sha256(convert_to(value, 'UTF8')), 'hex') $$;
--> statement-breakpoint
CREATE INDEX "emails_workspace_message_key_sha256" ON "emails" USING btree ("workspace_id",touchbase_sha256_hex("message_key"));
