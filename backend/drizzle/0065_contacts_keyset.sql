-- A customer's contacts are listed most recently in touch first, never touched last, and keyset-paged on
-- (coalesce(last_touch_at, -infinity), id): this index gives that order exactly, so no page sorts the customer's
-- contacts (backend/src/data/contact-list.ts; EXPLAIN checked in backend/test/list-plans.test.ts).
CREATE INDEX IF NOT EXISTS "contacts_customer_touch"
  ON "contacts" ("customer_id", (coalesce("last_touch_at", '-infinity'::timestamptz)) DESC, "id" DESC);
