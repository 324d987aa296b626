-- Sync health (issue 11): the newest upload a member's mail client made that the server refused, wholly or for
-- some of its emails: when, which client, the error code and its sentence. Written by POST /emails/batch.
ALTER TABLE "users" ADD COLUMN "last_upload_error" jsonb;
