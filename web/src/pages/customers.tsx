import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  Button,
  Caption1,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Select,
  Subtitle2,
  Text,
  Textarea,
  Title2,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { Dialog } from "../dialog";
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "../table";
import {
  Add20Regular,
  ArrowDownload20Regular,
  ArrowSortDown16Regular,
  ArrowSortUp16Regular,
  ArrowUpload20Regular,
} from "@fluentui/react-icons";
import {
  BoardColumnsSchema,
  BoardPageSchema,
  ImportPreviewSchema,
  type BoardColumns,
  type BoardRow,
  type ImportPreview,
} from "../../../shared/api/board";
import {
  attributeLabel,
  attributeValue,
  currencyOf,
  CustomerImportResultSchema,
  type CustomerImportResult,
} from "../contract";
import { call, callText } from "../api";
import { CustomerForm } from "../customer-form";
import { absoluteDate, Domain, When } from "../format";
import { duration, waitedFor } from "../../../shared/signals/signal-sentences";
import { Link, navigate, setQueryParam, useLocation } from "../router";
import { isAdmin, useSession } from "../session";
import { ActionError, EmptyState, ErrorState, LoadingRows, useLoad } from "../states";
import { VirtualRows } from "../virtual-rows";

// The Last Touch board: every customer, sorted and filtered on the server (GET /board/customers), 100 rows a page,
// the next page fetched as the list scrolls near its end; only the rows in view are rendered.

const ROW = 44;
// Columns share the width (fr) above their minimum; below the sum of minimums (about 1024 px wide with the
// navigation) the table scrolls sideways inside its own region, the header with it.
const BUILT_IN = [
  { sort: "name", label: "Customer", min: 140, fr: 2 },
  { sort: null, label: "Domains", min: 100, fr: 1.5 },
  { sort: "lastTouch", label: "Last Touch", min: 120, fr: 1 },
  { sort: "emails30d", label: "Emails 30 d", min: 70, fr: 0.7 },
  { sort: "awaitingReply", label: "Oldest wait for a reply", min: 120, fr: 1.2 },
  { sort: "medianReply", label: "Median reply", min: 90, fr: 0.8 },
  { sort: "owner", label: "Owner", min: 90, fr: 1 },
] as const;
const ATTRIBUTE_MIN = 110;

const useStyles = makeStyles({
  head: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  grow: { flexGrow: 1 },
  // The import dialog's blocks (the columns sentence, the file, the pasted CSV, the preview) spaced evenly.
  dialogForm: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    "& > p": { margin: 0 },
  },
  // Beside a wide preview table the action buttons would otherwise wrap their labels onto two lines.
  nowrap: { whiteSpace: "nowrap" },
  filters: {
    display: "flex",
    gap: tokens.spacingHorizontalM,
    alignItems: "end",
    flexWrap: "wrap",
    margin: `${tokens.spacingVerticalM} 0`,
  },
  scroller: { overflowX: "auto" },
  grid: { display: "grid", alignItems: "center", height: "100%" },
  headerRow: {
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    minHeight: "40px",
  },
  cell: {
    padding: `0 ${tokens.spacingHorizontalS}`,
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
  },
  bodyRow: { borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  sortButton: {
    minWidth: 0,
    fontWeight: tokens.fontWeightSemibold,
    justifyContent: "flex-start",
    textAlign: "left",
    width: "100%",
    padding: `0 ${tokens.spacingHorizontalS}`,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  link: { color: tokens.colorBrandForegroundLink, fontWeight: tokens.fontWeightSemibold },
});

interface Filters {
  sort: string;
  order: "asc" | "desc";
  q: string;
  owner: string;
  quietDays: string;
}

function useFilters(): Filters {
  const { query } = useLocation();
  return {
    sort: query.get("sort") ?? "name",
    order: query.get("order") === "desc" ? "desc" : "asc",
    q: query.get("q") ?? "",
    owner: query.get("owner") ?? "",
    quietDays: query.get("quiet") ?? "",
  };
}

/** A row's attribute columns: money in the customer's own currency (else USD), read once per row. */
function AttributeCells({ row, keys }: { row: BoardRow; keys: string[] }) {
  const styles = useStyles();
  const currency = currencyOf(row.attributes);
  return keys.map((a) => (
    <div role="cell" className={styles.cell} key={a}>
      {row.attributes[a] === undefined || row.attributes[a] === null
        ? ""
        : attributeValue(a, row.attributes[a], { currency })}
    </div>
  ));
}

/**
 * "5 days · 2 threads": how long the OLDEST unanswered thread has waited (the column sorts by it), and how many
 * threads wait. The pane and the profile lead with the newest waiting thread, so the column says "Oldest wait".
 */
function Awaiting({ row }: { row: BoardRow }) {
  const styles = useStyles();
  if (!row.awaitingSince || row.awaitingCount === 0) return <span className={styles.muted}>—</span>;
  const waited = waitedFor(row.awaitingSince, new Date());
  const threads = `${row.awaitingCount} ${row.awaitingCount === 1 ? "thread" : "threads"}`;
  return (
    <span title={`${threads} waiting for a reply; the oldest since ${absoluteDate(row.awaitingSince)}`}>
      {waited}
      {row.awaitingCount > 1 && <span className={styles.muted}> · {threads}</span>}
    </span>
  );
}

function downloadText(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export default function CustomersPage() {
  const styles = useStyles();
  const session = useSession();
  const filters = useFilters();
  // The column list and owners come after the first page: on the embedded database one query runs at a time,
  // and the rows are the first screen.
  const [firstPageIn, setFirstPageIn] = useState(false);
  const [columns, reloadColumns] = useLoad<BoardColumns | null>(
    async () => (firstPageIn ? call("GET", "/board/columns", BoardColumnsSchema) : null),
    [firstPageIn],
  );
  const [rows, setRows] = useState<BoardRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<"loading" | "ready" | "more" | "error">("loading");
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const [search, setSearch] = useState(filters.q);
  const generation = useRef(0);

  const query = useMemo(
    () => ({
      sort: filters.sort,
      order: filters.order,
      q: filters.q || undefined,
      owner: filters.owner || undefined,
      quietDays:
        /^\d+$/.test(filters.quietDays) && Number(filters.quietDays) > 0 ? filters.quietDays : undefined,
      limit: 100,
    }),
    [filters.sort, filters.order, filters.q, filters.owner, filters.quietDays],
  );

  useEffect(() => {
    const mine = ++generation.current;
    setStatus("loading");
    call("GET", "/board/customers", BoardPageSchema, { query }).then(
      (page) => {
        if (mine !== generation.current) return;
        setRows(page.rows);
        setCursor(page.nextCursor);
        setStatus("ready");
        setFirstPageIn(true);
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        setError(e);
        setStatus("error");
      },
    );
  }, [query, round]);

  const loadMore = useCallback(() => {
    if (status !== "ready" || !cursor) return;
    const mine = generation.current;
    setStatus("more");
    call("GET", "/board/customers", BoardPageSchema, { query: { ...query, cursor } }).then(
      (page) => {
        if (mine !== generation.current) return;
        setRows((r) => [...r, ...page.rows]);
        setCursor(page.nextCursor);
        setStatus("ready");
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        setError(e);
        setStatus("error");
      },
    );
  }, [status, cursor, query]);

  // Search as you type, a moment after the last key.
  useEffect(() => {
    if (search === filters.q) return;
    const timer = setTimeout(() => setQueryParam({ q: search || null }), 250);
    return () => clearTimeout(timer);
  }, [search, filters.q]);

  const attributes = columns.state === "ready" && columns.data ? columns.data.attributes : [];
  const template = [
    ...BUILT_IN.map((c) => `minmax(${c.min}px, ${c.fr}fr)`),
    ...attributes.map(() => `minmax(${ATTRIBUTE_MIN}px, 1fr)`),
  ].join(" ");
  const width = BUILT_IN.reduce((s, c) => s + c.min, 0) + attributes.length * ATTRIBUTE_MIN;
  const filtered = !!(filters.q || filters.owner || query.quietDays);
  const reload = () => {
    setRound((r) => r + 1);
    reloadColumns();
  };

  const sortBy = (sort: string) => {
    const order = filters.sort === sort && filters.order === "asc" ? "desc" : "asc";
    setQueryParam({ sort: sort === "name" ? null : sort, order: order === "asc" ? null : order });
  };
  const sortHeader = (sort: string | null, label: string) => {
    if (!sort) return <span className={styles.cell}>{label}</span>;
    const active = filters.sort === sort;
    return (
      <Button
        appearance="transparent"
        className={styles.sortButton}
        onClick={() => sortBy(sort)}
        icon={
          active ? filters.order === "asc" ? <ArrowSortUp16Regular /> : <ArrowSortDown16Regular /> : undefined
        }
        iconPosition="after"
        aria-label={`Sort by ${label}${active ? (filters.order === "asc" ? ", sorted ascending" : ", sorted descending") : ""}`}
      >
        {label}
      </Button>
    );
  };

  const exportCsv = async () => {
    setExportError(null);
    try {
      downloadText("touchbase-customers.csv", await callText("/customers/export"), "text/csv");
    } catch (e) {
      setExportError(e);
    }
  };

  const total = columns.state === "ready" && columns.data ? columns.data.total : undefined;
  return (
    <section aria-labelledby="customers-title">
      <div className={styles.head}>
        <Title2 as="h1" id="customers-title">
          Customers
        </Title2>
        {total !== undefined && (
          <Caption1 className={styles.muted}>{total.toLocaleString()} in this workspace</Caption1>
        )}
        <span className={styles.grow} />
        <Button appearance="primary" icon={<Add20Regular />} onClick={() => setCreating(true)}>
          New customer
        </Button>
        {isAdmin(session) && (
          <Button icon={<ArrowUpload20Regular />} onClick={() => setImporting(true)}>
            Import CSV
          </Button>
        )}
        <Button icon={<ArrowDownload20Regular />} onClick={exportCsv}>
          Export CSV
        </Button>
      </div>
      <ActionError error={exportError} />
      <div className={styles.filters} role="search">
        <Field label="Search names and domains">
          <Input value={search} onChange={(_, d) => setSearch(d.value)} type="search" />
        </Field>
        <Field label="Owner">
          <Select value={filters.owner} onChange={(_, d) => setQueryParam({ owner: d.value || null })}>
            <option value="">Everyone</option>
            <option value="-">No owner</option>
            {columns.state === "ready" &&
              columns.data?.owners.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
          </Select>
        </Field>
        <Field label="No touch in (days)">
          <Input
            type="number"
            min={1}
            value={filters.quietDays}
            onChange={(_, d) => setQueryParam({ quiet: d.value || null })}
            style={{ width: 120 }}
          />
        </Field>
        {filtered && (
          <Button
            onClick={() => {
              setSearch("");
              setQueryParam({ q: null, owner: null, quiet: null });
            }}
          >
            Clear filters
          </Button>
        )}
      </div>
      {status === "error" ? (
        <ErrorState error={error} retry={reload} />
      ) : status === "loading" ? (
        <LoadingRows label="Loading customers…" />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No customer matches these filters">
            Change the search or the filters, or clear them.
          </EmptyState>
        ) : (
          <EmptyState title="No customers yet">
            Create your first customer with <strong>New customer</strong>
            {isAdmin(session) ? (
              <>
                , or bring a list in with <strong>Import CSV</strong>
              </>
            ) : null}
            . Email from their domains then shows up here with its Last Touch.
          </EmptyState>
        )
      ) : (
        <div className={styles.scroller}>
          <div
            role="table"
            aria-label="Customers"
            aria-rowcount={cursor ? -1 : rows.length + 1}
            style={{ minWidth: width }}
          >
            <div role="rowgroup">
              <div
                role="row"
                aria-rowindex={1}
                className={mergeClasses(styles.grid, styles.headerRow)}
                style={{ gridTemplateColumns: template }}
              >
                {BUILT_IN.map((c) => (
                  <div
                    role="columnheader"
                    key={c.label}
                    aria-sort={
                      filters.sort === c.sort
                        ? filters.order === "asc"
                          ? "ascending"
                          : "descending"
                        : undefined
                    }
                  >
                    {sortHeader(c.sort, c.label)}
                  </div>
                ))}
                {attributes.map((a) => (
                  <div
                    role="columnheader"
                    key={a}
                    aria-sort={
                      filters.sort === `attr:${a}`
                        ? filters.order === "asc"
                          ? "ascending"
                          : "descending"
                        : undefined
                    }
                  >
                    {sortHeader(`attr:${a}`, attributeLabel(a))}
                  </div>
                ))}
              </div>
            </div>
            <VirtualRows
              label="Customer rows"
              items={rows}
              rowHeight={ROW}
              height="calc(100vh - 290px)"
              rowKey={(r) => r.id}
              onNearEnd={loadMore}
              renderRow={(r) => (
                <div
                  className={mergeClasses(styles.grid, styles.bodyRow)}
                  style={{ gridTemplateColumns: template }}
                  data-testid="customer-row"
                >
                  <div role="cell" className={styles.cell}>
                    <Link href={`/app/customers/${encodeURIComponent(r.id)}`} className={styles.link}>
                      {r.name}
                    </Link>
                  </div>
                  <div role="cell" className={styles.cell}>
                    {r.domains.length === 0 ? (
                      <span className={styles.muted}>—</span>
                    ) : (
                      r.domains.map((d, i) => (
                        <span key={d}>
                          {i > 0 && ", "}
                          <Domain value={d} />
                        </span>
                      ))
                    )}
                  </div>
                  <div
                    role="cell"
                    className={styles.cell}
                    title={`Last inbound: ${r.lastInboundAt ?? "never"} · last outbound: ${r.lastOutboundAt ?? "never"}`}
                  >
                    <When iso={r.lastTouchAt} />
                  </div>
                  <div role="cell" className={styles.cell}>
                    {r.emails30d}
                  </div>
                  <div role="cell" className={styles.cell}>
                    <Awaiting row={r} />
                  </div>
                  <div role="cell" className={styles.cell}>
                    {r.medianReplyMinutes === null ? (
                      <span className={styles.muted}>—</span>
                    ) : (
                      <span
                        title={`Median first reply ${duration(r.medianReplyMinutes).long}, over ${r.repliesMeasured} ${r.repliesMeasured === 1 ? "reply" : "replies"} in the last 90 days`}
                      >
                        {duration(r.medianReplyMinutes).short}
                      </span>
                    )}
                  </div>
                  <div role="cell" className={styles.cell}>
                    {r.owner ?? <span className={styles.muted}>—</span>}
                  </div>
                  <AttributeCells row={r} keys={attributes} />
                </div>
              )}
            />
          </div>
          {status === "more" && <Text role="status">Loading more customers…</Text>}
        </div>
      )}
      {creating && (
        <CustomerForm
          customer={null}
          open
          onClose={() => setCreating(false)}
          onSaved={(c) => {
            setCreating(false);
            navigate(`/app/customers/${encodeURIComponent(c.id)}`);
          }}
        />
      )}
      {importing && (
        <ImportDialog
          onClose={() => setImporting(false)}
          onImported={() => {
            reload();
          }}
        />
      )}
    </section>
  );
}

function ImportDialog({ onClose, onImported }: { onClose: () => void; onImported: () => void }) {
  const styles = useStyles();
  const [csv, setCsv] = useState("");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<CustomerImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (step: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const doPreview = () =>
    run(async () => {
      setPreview(
        await call("POST", "/board/import-preview", ImportPreviewSchema, {
          text: csv,
          contentType: "text/csv",
        }),
      );
    });
  const doImport = () =>
    run(async () => {
      setResult(
        await call("POST", "/customers/import", CustomerImportResultSchema, {
          text: csv,
          contentType: "text/csv",
        }),
      );
      onImported();
    });

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined} style={{ maxWidth: 760 }}>
        <DialogBody>
          <DialogTitle>Import customers from CSV</DialogTitle>
          <DialogContent>
            {result ? (
              <Text block role="status" as="p">
                Imported: {result.created} created, {result.updated} updated
                {result.errors.length ? `, ${result.errors.length} lines skipped` : ""}.
              </Text>
            ) : (
              <div className={styles.dialogForm}>
                <Text block as="p">
                  Columns: <code>name</code>, <code>domains</code> (separated by <code>;</code>), any other
                  column becomes an attribute. A row whose name exists updates that customer. Nothing changes
                  until you press Import.
                </Text>
                <Field label="CSV file">
                  <input
                    type="file"
                    aria-label="CSV file"
                    accept=".csv,text/csv"
                    onChange={(e) => {
                      const file = e.currentTarget.files?.[0];
                      if (file) void file.text().then((t) => (setCsv(t), setPreview(null)));
                    }}
                  />
                </Field>
                <Field label="Or paste the CSV">
                  <Textarea
                    value={csv}
                    onChange={(_, d) => {
                      setCsv(d.value);
                      setPreview(null);
                    }}
                    rows={6}
                    resize="vertical"
                  />
                </Field>
                {preview && <PreviewTable preview={preview} />}
              </div>
            )}
            <ActionError error={error} />
          </DialogContent>
          <DialogActions className={styles.nowrap}>
            <Button onClick={onClose}>{result ? "Close" : "Cancel"}</Button>
            {!result && (
              <Button onClick={doPreview} disabled={busy || !csv.trim()}>
                Preview changes
              </Button>
            )}
            {!result && preview && (
              <Button appearance="primary" onClick={doImport} disabled={busy || preview.changes.length === 0}>
                Import {preview.changes.length} {preview.changes.length === 1 ? "customer" : "customers"}
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function PreviewTable({ preview }: { preview: ImportPreview }) {
  const lines = [
    ...preview.changes.map((c) => ({
      line: c.line,
      what: c.action === "create" ? `Create ${c.name}` : `Update ${c.name}`,
      detail: c.domains?.length ? c.domains.join(", ") : "",
      error: false,
    })),
    ...preview.errors.map((e) => ({ line: e.line, what: "Skipped", detail: e.message, error: true })),
  ].sort((a, b) => a.line - b.line);
  return (
    <div data-testid="import-preview">
      <Subtitle2 as="h3">
        {preview.created} to create, {preview.updated} to update, {preview.errors.length} with errors
      </Subtitle2>
      <div
        style={{ maxHeight: 260, overflowY: "auto" }}
        tabIndex={0}
        aria-label="What the import will change"
      >
        <Table size="small" aria-label="Import preview">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Line</TableHeaderCell>
              <TableHeaderCell>Change</TableHeaderCell>
              <TableHeaderCell>Details</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {lines.map((l) => (
              <TableRow key={`${l.line}-${l.what}`}>
                <TableCell>{l.line}</TableCell>
                <TableCell>{l.error ? <strong>Skipped</strong> : l.what}</TableCell>
                <TableCell>{l.detail}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
