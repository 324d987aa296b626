import { useEffect, useMemo, useState } from "react";
import {
  Badge,
  Button,
  Caption1,
  Field,
  Input,
  Select,
  Text,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { LockClosed16Regular } from "@fluentui/react-icons";
import { BoardPageSchema } from "../../../shared/api/board";
import { ConversationPageSchema, type Conversation } from "../../../shared/api/workspace-web";
import { MemberListSchema } from "../../../shared/api/access-schemas";
import { call } from "../api";
import { emailTitle, senderForDisplay } from "../contract";
import { EmailView } from "../email-view";
import { When } from "../format";
import { Link, setQueryParam, useLocation } from "../router";
import { useSession } from "../session";
import { ActionError, EmptyState, ErrorState, LoadingRows, useLoad } from "../states";

// Every customer email of the workspace, newest first, filtered by customer, team member, direction and date;
// keyset-paged ("Older emails" asks for the page after the last one shown).

const useStyles = makeStyles({
  // In a flex row the badge would shrink below its word ("Out" spilled out of its circle).
  direction: { flexShrink: 0, minWidth: "36px" },
  filters: {
    display: "flex",
    gap: tokens.spacingHorizontalM,
    alignItems: "end",
    flexWrap: "wrap",
    margin: `${tokens.spacingVerticalM} 0`,
  },
  list: {
    listStyle: "none",
    margin: 0,
    padding: 0,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  item: { borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  row: {
    width: "100%",
    justifyContent: "flex-start",
    textAlign: "left",
    height: "auto",
    padding: tokens.spacingVerticalS,
    gap: tokens.spacingHorizontalM,
  },
  text: { display: "flex", flexDirection: "column", minWidth: 0, flexGrow: 1 },
  snippet: {
    color: tokens.colorNeutralForeground3,
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
  },
  meta: {
    padding: `0 ${tokens.spacingHorizontalS} ${tokens.spacingVerticalS}`,
    display: "flex",
    gap: tokens.spacingHorizontalM,
    flexWrap: "wrap",
  },
});

const dayStart = (date: string) => (date ? new Date(`${date}T00:00:00`).toISOString() : undefined);
const dayAfter = (date: string) =>
  date ? new Date(new Date(`${date}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined;

export default function ConversationsPage() {
  const styles = useStyles();
  const session = useSession();
  const { query } = useLocation();
  const filters = {
    customerId: query.get("customer") ?? "",
    userId: query.get("member") ?? "",
    direction: query.get("direction") ?? "",
    from: query.get("from") ?? "",
    to: query.get("to") ?? "",
  };
  const key = JSON.stringify(filters);
  const [emails, setEmails] = useState<Conversation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [people, setPeople] = useState<Map<string, string>>(
    () => new Map([[session.user.id, `${session.user.name} (me)`]]),
  );
  const request = useMemo(
    () => ({
      customerId: filters.customerId || undefined,
      userId: filters.userId || undefined,
      direction: filters.direction || undefined,
      from: dayStart(filters.from),
      to: dayAfter(filters.to),
      limit: 50,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the filters' JSON is the dependency
    [key],
  );
  const [first, reload] = useLoad(async () => {
    const page = await call("GET", "/conversations", ConversationPageSchema, { query: request });
    setEmails(page.emails);
    setCursor(page.nextCursor);
    return true;
  }, [request]);
  const [customers] = useLoad(
    () => call("GET", "/board/customers", BoardPageSchema, { query: { limit: 200 } }),
    [],
  );
  // The filter offers every member of the workspace (GET /users), and anyone else a loaded email names.
  const [members] = useLoad(() => call("GET", "/users", MemberListSchema), []);
  useEffect(() => {
    setPeople((known) => {
      const next = new Map(known);
      if (members.state === "ready")
        for (const m of members.data.users) if (!next.has(m.id)) next.set(m.id, m.name.trim() || m.email);
      for (const e of emails) for (const s of e.syncedBy) if (!next.has(s.userId)) next.set(s.userId, s.name);
      return next.size === known.size ? known : next;
    });
  }, [emails, members]);

  const more = async () => {
    setMoreError(null);
    try {
      const page = await call("GET", "/conversations", ConversationPageSchema, {
        query: { ...request, cursor },
      });
      setEmails((e) => [...e, ...page.emails]);
      setCursor(page.nextCursor);
    } catch (e) {
      setMoreError(e);
    }
  };
  const filtered = Object.values(filters).some(Boolean);
  return (
    <section aria-labelledby="conversations-title">
      <Title2 as="h1" id="conversations-title">
        Conversations
      </Title2>
      <div className={styles.filters} role="search">
        <Field label="Customer">
          <Select
            value={filters.customerId}
            onChange={(_, d) => setQueryParam({ customer: d.value || null })}
          >
            <option value="">All customers</option>
            {customers.state === "ready" &&
              customers.data.rows.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
          </Select>
        </Field>
        <Field label="Team member">
          <Select value={filters.userId} onChange={(_, d) => setQueryParam({ member: d.value || null })}>
            <option value="">Everyone</option>
            {[...people].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Direction">
          <Select
            value={filters.direction}
            onChange={(_, d) => setQueryParam({ direction: d.value || null })}
          >
            <option value="">Both</option>
            <option value="inbound">Inbound</option>
            <option value="outbound">Outbound</option>
          </Select>
        </Field>
        <Field label="From date">
          <Input
            type="date"
            value={filters.from}
            onChange={(_, d) => setQueryParam({ from: d.value || null })}
          />
        </Field>
        <Field label="To date">
          <Input type="date" value={filters.to} onChange={(_, d) => setQueryParam({ to: d.value || null })} />
        </Field>
        {filtered && (
          <Button
            onClick={() =>
              setQueryParam({ customer: null, member: null, direction: null, from: null, to: null })
            }
          >
            Clear filters
          </Button>
        )}
      </div>
      {first.state === "loading" ? (
        <LoadingRows label="Loading conversations…" />
      ) : first.state === "error" ? (
        <ErrorState error={first.error} retry={reload} />
      ) : emails.length === 0 ? (
        filtered ? (
          <EmptyState title="No email matches these filters">
            Widen the dates or clear the filters.
          </EmptyState>
        ) : (
          <EmptyState title="No customer emails yet">
            Install the Outlook add-in or the Gmail add-on and sync, or BCC an email to the workspace address:
            customer emails land here.
          </EmptyState>
        )
      ) : (
        <>
          <ul className={styles.list} aria-label="Customer emails, newest first">
            {emails.map((e) => (
              <li key={e.id} className={styles.item} data-testid="conversation">
                <Button
                  appearance="subtle"
                  className={styles.row}
                  aria-expanded={openId === e.id}
                  onClick={() => setOpenId(openId === e.id ? null : e.id)}
                >
                  {e.direction === undefined ? (
                    <LockClosed16Regular aria-label="Private thread" data-testid="conversation-lock" />
                  ) : (
                    <Badge
                      className={styles.direction}
                      appearance="tint"
                      color={e.direction === "inbound" ? "brand" : "warning"}
                    >
                      {e.direction === "inbound" ? "In" : "Out"}
                    </Badge>
                  )}
                  <span className={styles.text}>
                    <strong>
                      {e.private && e.direction !== undefined && (
                        <LockClosed16Regular aria-label="Private thread" />
                      )}{" "}
                      {emailTitle(e)}
                    </strong>
                    <span className={styles.snippet}>
                      {[e.from && senderForDisplay(e.from), e.snippet].filter(Boolean).join(" · ")}
                    </span>
                  </span>
                  <When iso={e.sentAt} />
                </Button>
                <div className={styles.meta}>
                  <Caption1>
                    {e.customers.map((c, i) => (
                      <span key={c.id}>
                        {i > 0 && ", "}
                        <Link href={`/app/customers/${encodeURIComponent(c.id)}`}>{c.name}</Link>
                      </span>
                    ))}
                  </Caption1>
                  <Caption1>Synced by {e.syncedBy.map((s) => s.name).join(", ") || "nobody"}</Caption1>
                </div>
                {openId === e.id && <EmailView id={e.id} onRemoved={reload} />}
              </li>
            ))}
          </ul>
          <ActionError error={moreError} />
          {cursor ? (
            <Button onClick={more} style={{ marginTop: 8 }}>
              Older emails
            </Button>
          ) : (
            <Text block as="p">
              That is every email{filtered ? " matching the filters" : ""}.
            </Text>
          )}
        </>
      )}
    </section>
  );
}
