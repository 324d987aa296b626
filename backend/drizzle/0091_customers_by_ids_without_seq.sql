-- touchbase_customers_by_ids (migration 0090) without the customer's `seq`: nothing reads it (CustomerJson in
-- src/data/customers.ts), and every customers-by-id read and every /lookup carried it. Otherwise the same function.
-- (0090 itself stays as it is: it may have run on a database already.)
CREATE OR REPLACE FUNCTION touchbase_customers_by_ids(p_workspace text, p_ids text[]) RETURNS json
	LANGUAGE plpgsql STABLE
	SET plan_cache_mode = force_generic_plan
	SET enable_seqscan = off
	AS $$
DECLARE
	result json;
BEGIN
	SELECT coalesce(json_agg(json_build_object(
		'id', c.id, 'name', c.name, 'attributes', c.attributes,
		'createdAt', c.created_at, 'updatedAt', c.updated_at,
		'lastTouchAt', (select max(ec.sent_at) from email_customers ec where ec.customer_id = c.id),
		'domains', (select json_agg(d.domain order by d.position) from customer_domains d where d.customer_id = c.id)
	)), '[]'::json) INTO result
	FROM customers c
	WHERE c.workspace_id = p_workspace AND c.id = any(p_ids);
	RETURN result;
END
$$;
