-- The hot reads (a customer's history page, the lookup, a customer's signals, customers by id) as PL/pgSQL
-- functions, for the same reason as touchbase_caller_by_token (migration 0004): a statement inside a function is
-- planned once per connection and its plan reused, where the same SELECT sent as a query is planned anew each
-- time. Planning was more than half of these requests' CPU (the page's visibility subqueries alone name five
-- tables), and PGlite has no named prepared statements. Each function:
-- - forces the generic plan (`plan_cache_mode`): left to choose, PostgreSQL kept planning every call anew;
-- - turns sequential scans off: these reads are index ranges by design, and on a table still nearly empty (most
--   workspaces have no private thread) the planner would otherwise pick a scan that PGlite pays for with a file
--   size check on every rescan;
-- - answers one JSON value, which crosses the wire as one field instead of a dozen per row.
-- Each query is written exactly as the TypeScript it replaced (the history order spells the index's own
-- `desc nulls last`); backend/test/list-plans.test.ts EXPLAINs the generic plan of the marked `-- plan:` queries
-- straight from these functions' source. The visibility facts (vis_private, vis_mine, vis_syncers) are those of
-- `visibilityColumns` (src/data/email-visibility.ts); the rule itself is still applied to every item in TypeScript.

-- A customer's history page, newest first, keyset-paged on (sent_at, email_id): null when the customer is not the
-- workspace's, else the page's rows as a JSON array (each with thread_count and the visibility facts).
CREATE OR REPLACE FUNCTION touchbase_history_page(
	p_workspace text, p_customer text, p_viewer text, p_limit int, p_after_sent timestamptz, p_after_id text
) RETURNS json
	LANGUAGE plpgsql STABLE
	SET plan_cache_mode = force_generic_plan
	SET enable_seqscan = off
	AS $$
DECLARE
	result json;
BEGIN
	PERFORM 1 FROM customers c WHERE c.id = p_customer AND c.workspace_id = p_workspace;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	IF p_after_id IS NULL THEN
		SELECT coalesce(json_agg(page ORDER BY page.sent_at DESC, page.id DESC), '[]'::json) INTO result
		FROM (-- plan: history first page
			select e.id, e.message_id, e.subject, e.from_header, e.to_header, e.sent_at, e.direction, e.snippet,
			       e.thread_key,
			       (select count(*)::int from emails t
			         where t.workspace_id = e.workspace_id and t.thread_key = e.thread_key) as thread_count,
			       exists (select 1 from private_threads p
			         where p.workspace_id = e.workspace_id and p.thread_key = e.thread_key) as vis_private,
			       exists (select 1 from email_syncs vs where vs.email_id = e.id and vs.user_id = p_viewer) as vis_mine,
			       case when exists (select 1 from private_threads p
			         where p.workspace_id = e.workspace_id and p.thread_key = e.thread_key)
			       then (select json_agg(vu.name) from email_syncs vs join users vu on vu.id = vs.user_id
			         where vs.email_id = e.id) end as vis_syncers
			from email_customers ec join emails e on e.id = ec.email_id
			where ec.customer_id = p_customer
			order by ec.sent_at desc nulls last, ec.email_id desc nulls last
			limit p_limit) page;
	ELSE
		SELECT coalesce(json_agg(page ORDER BY page.sent_at DESC, page.id DESC), '[]'::json) INTO result
		FROM (-- plan: history next page
			select e.id, e.message_id, e.subject, e.from_header, e.to_header, e.sent_at, e.direction, e.snippet,
			       e.thread_key,
			       (select count(*)::int from emails t
			         where t.workspace_id = e.workspace_id and t.thread_key = e.thread_key) as thread_count,
			       exists (select 1 from private_threads p
			         where p.workspace_id = e.workspace_id and p.thread_key = e.thread_key) as vis_private,
			       exists (select 1 from email_syncs vs where vs.email_id = e.id and vs.user_id = p_viewer) as vis_mine,
			       case when exists (select 1 from private_threads p
			         where p.workspace_id = e.workspace_id and p.thread_key = e.thread_key)
			       then (select json_agg(vu.name) from email_syncs vs join users vu on vu.id = vs.user_id
			         where vs.email_id = e.id) end as vis_syncers
			from email_customers ec join emails e on e.id = ec.email_id
			where ec.customer_id = p_customer and (ec.sent_at, ec.email_id) < (p_after_sent, p_after_id)
			order by ec.sent_at desc nulls last, ec.email_id desc nulls last
			limit p_limit) page;
	END IF;
	RETURN result;
END
$$;
--> statement-breakpoint
-- Customers of a workspace by id, with their domains in order and Last Touch (the newest sent_at of the history
-- index, one step): a JSON array, in no particular order.
CREATE OR REPLACE FUNCTION touchbase_customers_by_ids(p_workspace text, p_ids text[]) RETURNS json
	LANGUAGE plpgsql STABLE
	SET plan_cache_mode = force_generic_plan
	SET enable_seqscan = off
	AS $$
DECLARE
	result json;
BEGIN
	SELECT coalesce(json_agg(json_build_object(
		'id', c.id, 'name', c.name, 'attributes', c.attributes, 'seq', c.seq,
		'createdAt', c.created_at, 'updatedAt', c.updated_at,
		'lastTouchAt', (select max(ec.sent_at) from email_customers ec where ec.customer_id = c.id),
		'domains', (select json_agg(d.domain order by d.position) from customer_domains d where d.customer_id = c.id)
	)), '[]'::json) INTO result
	FROM customers c
	WHERE c.workspace_id = p_workspace AND c.id = any(p_ids);
	RETURN result;
END
$$;
--> statement-breakpoint
-- A customer's conversation signals (src/data/signals.ts), or a contact's when p_from (the contact's normalized
-- address) is given: the customer's figures narrowed to what that address sent, and for the last outbound email,
-- to outbound emails naming it. One JSON object; each figure is one index range.
CREATE OR REPLACE FUNCTION touchbase_signals(
	p_customer text, p_from text, p_viewer text, p_window_start timestamptz, p_listed int, p_counted int
) RETURNS json
	LANGUAGE plpgsql STABLE
	SET plan_cache_mode = force_generic_plan
	SET enable_seqscan = off
	AS $$
DECLARE
	last_in timestamptz;
	last_out timestamptz;
	awaiting json;
	awaiting_count bigint;
	median double precision;
	measured bigint;
BEGIN
	IF p_from IS NULL THEN
		SELECT t.last_inbound_at INTO last_in FROM customer_threads t
		WHERE t.customer_id = p_customer AND t.last_inbound_at IS NOT NULL
		ORDER BY t.last_inbound_at DESC LIMIT 1;
		SELECT t.last_outbound_at INTO last_out FROM customer_threads t
		WHERE t.customer_id = p_customer AND t.last_outbound_at IS NOT NULL
		ORDER BY t.last_outbound_at DESC LIMIT 1;
		SELECT json_agg(json_build_object('threadKey', a.thread_key, 'since', a.last_sent_at,
		                                  'emailId', a.last_email_id, 'subject', a.subject,
		                                  'vis_private', a.vis_private, 'vis_mine', a.vis_mine,
		                                  'vis_syncers', a.vis_syncers) ORDER BY a.last_sent_at DESC) INTO awaiting
		FROM (select t.thread_key, t.last_sent_at, t.last_email_id, e.subject,
		             exists (select 1 from private_threads p
		               where p.workspace_id = e.workspace_id and p.thread_key = e.thread_key) as vis_private,
		             exists (select 1 from email_syncs vs where vs.email_id = e.id and vs.user_id = p_viewer) as vis_mine,
		             case when exists (select 1 from private_threads p
		               where p.workspace_id = e.workspace_id and p.thread_key = e.thread_key)
		             then (select json_agg(vu.name) from email_syncs vs join users vu on vu.id = vs.user_id
		               where vs.email_id = e.id) end as vis_syncers
		      from customer_threads t join emails e on e.id = t.last_email_id
		      where t.customer_id = p_customer and t.last_direction = 'inbound'
		      order by t.last_sent_at desc limit p_listed) a;
		SELECT count(*) INTO awaiting_count FROM (select 1 from customer_threads t
			where t.customer_id = p_customer and t.last_direction = 'inbound' limit p_counted) c;
		SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY r.minutes), count(*) INTO median, measured
		FROM customer_replies r
		WHERE r.customer_id = p_customer AND r.replied_at >= p_window_start;
	ELSE
		SELECT e.sent_at INTO last_in FROM emails e
		JOIN email_customers ec ON ec.email_id = e.id AND ec.customer_id = p_customer
		WHERE e.workspace_id = (select workspace_id from customers where id = p_customer)
		  AND e.from_address = p_from AND e.direction = 'inbound' AND e.noise IS NULL
		ORDER BY e.sent_at DESC LIMIT 1;
		SELECT ec.sent_at INTO last_out FROM email_customers ec JOIN emails e ON e.id = ec.email_id
		WHERE ec.customer_id = p_customer AND e.direction = 'outbound' AND e.noise IS NULL AND e.participants ? p_from
		ORDER BY ec.sent_at DESC LIMIT 1;
		SELECT json_agg(json_build_object('threadKey', a.thread_key, 'since', a.last_sent_at,
		                                  'emailId', a.last_email_id, 'subject', a.subject,
		                                  'vis_private', a.vis_private, 'vis_mine', a.vis_mine,
		                                  'vis_syncers', a.vis_syncers) ORDER BY a.last_sent_at DESC) INTO awaiting
		FROM (select t.thread_key, t.last_sent_at, t.last_email_id, e.subject,
		             exists (select 1 from private_threads p
		               where p.workspace_id = e.workspace_id and p.thread_key = e.thread_key) as vis_private,
		             exists (select 1 from email_syncs vs where vs.email_id = e.id and vs.user_id = p_viewer) as vis_mine,
		             case when exists (select 1 from private_threads p
		               where p.workspace_id = e.workspace_id and p.thread_key = e.thread_key)
		             then (select json_agg(vu.name) from email_syncs vs join users vu on vu.id = vs.user_id
		               where vs.email_id = e.id) end as vis_syncers
		      from customer_threads t join emails e on e.id = t.last_email_id
		      where t.customer_id = p_customer and t.last_direction = 'inbound' and t.last_from = p_from
		      order by t.last_sent_at desc limit p_listed) a;
		SELECT count(*) INTO awaiting_count FROM (select 1 from customer_threads t
			where t.customer_id = p_customer and t.last_direction = 'inbound' and t.last_from = p_from
			limit p_counted) c;
		SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY r.minutes), count(*) INTO median, measured
		FROM customer_replies r
		WHERE r.customer_id = p_customer AND r.replied_at >= p_window_start AND r.inbound_from = p_from;
	END IF;
	RETURN json_build_object('last_inbound_at', last_in, 'last_outbound_at', last_out, 'awaiting', awaiting,
	                         'awaiting_count', awaiting_count, 'median', median, 'measured', measured);
END
$$;
--> statement-breakpoint
-- Everything `/lookup` reads, in one call: the customers it names, the contacts it names, each customer's newest
-- emails and the signals of every customer and contact (owners: ids with their customer and, for a contact, its
-- address; null for a customer).
CREATE OR REPLACE FUNCTION touchbase_lookup_reads(
	p_workspace text, p_viewer text, p_customers text[], p_contacts text[],
	p_owners text[], p_owner_customers text[], p_owner_addresses text[],
	p_recent int, p_window_start timestamptz, p_listed int, p_counted int
) RETURNS json
	LANGUAGE plpgsql STABLE
	SET plan_cache_mode = force_generic_plan
	SET enable_seqscan = off
	AS $$
DECLARE
	found_contacts json;
	recent json;
	signals json;
BEGIN
	SELECT json_agg(json_build_object('id', c.id, 'customerId', c.customer_id, 'address', c.address,
	                                  'firstName', c.first_name, 'lastName', c.last_name, 'source', c.source,
	                                  'lastTouchAt', c.last_touch_at)) INTO found_contacts
	FROM contacts c
	WHERE c.workspace_id = p_workspace AND c.id = any(p_contacts);
	SELECT json_object_agg(u.id, touchbase_history_page(p_workspace, u.id, p_viewer, p_recent, null, null)) INTO recent
	FROM unnest(p_customers) AS u(id);
	SELECT json_object_agg(o.id, touchbase_signals(o.customer_id, o.address, p_viewer, p_window_start,
	                                               p_listed, p_counted)) INTO signals
	FROM unnest(p_owners, p_owner_customers, p_owner_addresses) AS o(id, customer_id, address);
	RETURN json_build_object('customers', touchbase_customers_by_ids(p_workspace, p_customers),
	                         'contacts', coalesce(found_contacts, '[]'::json),
	                         'recent', coalesce(recent, '{}'::json),
	                         'signals', coalesce(signals, '{}'::json));
END
$$;
