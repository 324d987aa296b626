// The queries of the plan-cached read functions (migration 0090), read from the database's own copy of each
// function: the EXPLAIN test checks the plan of exactly what the API runs, and the benchmark's raw read is exactly
// that SELECT sent as a plain statement. A query is marked in the function's source by a `-- plan: <name>` comment
// right after its opening parenthesis; its `p_…` parameters become `$1…$n` (typed as the function declares them).
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../src/db/connect";

export interface FunctionQuery {
  /** The SELECT with the function's parameters as `$1 … $n`. */
  text: string;
  /** The function's parameter types, in order. */
  types: string[];
}

export async function functionQuery(db: Db, fn: string, name: string): Promise<FunctionQuery> {
  const [proc] = await queryRows<{ src: string; names: string[] | string; types: string[] | string }>(
    db,
    sql`select prosrc as src, proargnames as names, proargtypes::regtype[]::text[] as types
        from pg_proc where proname = ${fn}`,
  );
  if (!proc) throw new Error(`no function ${fn}`);
  const names = pgArray(proc.names);
  const types = pgArray(proc.types);
  const marker = `-- plan: ${name}\n`;
  const start = proc.src.indexOf(marker);
  if (start < 0) throw new Error(`${fn} has no query marked "${name}"`);
  let depth = 0;
  let end = start + marker.length;
  for (; end < proc.src.length; end++) {
    const ch = proc.src[end];
    if (ch === "(") depth++;
    if (ch === ")" && depth-- === 0) break;
  }
  const text = proc.src.slice(start + marker.length, end).replace(/\bp_\w+\b/g, (param) => {
    const i = names.indexOf(param);
    if (i < 0) throw new Error(`${fn}: unknown parameter ${param}`);
    return `$${i + 1}`;
  });
  return { text, types };
}

/** The query as one plain statement with these argument values (the raw read). */
export function withArgs(query: FunctionQuery, args: unknown[]): SQL {
  const parts = query.text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 0) chunks.push(sql.raw(part));
    else chunks.push(sql`${args[Number(part) - 1]}::${sql.raw(query.types[Number(part) - 1])}`);
  });
  return sql.join(chunks, sql``);
}

/** A text[] as the drivers hand it back: an array, or PostgreSQL's `{a,b}` text. */
function pgArray(v: string[] | string): string[] {
  return Array.isArray(v)
    ? v
    : v
        .replace(/^\{|\}$/g, "")
        .split(",")
        .map((x) => x.replace(/^"|"$/g, ""));
}
