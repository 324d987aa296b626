import { useMemo, useRef, useState, type ReactNode } from "react";
import {
  Badge,
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
  Subtitle1,
  Text,
  Spinner,
  Title2,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ConfirmDialog, Dialog } from "../dialog";
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "../table";
import {
  ChevronDown16Regular,
  ChevronRight16Regular,
  Edit16Regular,
  LockClosed16Regular,
  Merge16Regular,
} from "@fluentui/react-icons";
import {
  CustomerProfileSchema,
  CustomerTeamSchema,
  ProfileContactSchema,
  ThreadEmailsSchema,
  ThreadPageSchema,
  type CustomerProfile,
  type ProfileContact,
  type ThreadPage,
  type ThreadSummary,
} from "../../../shared/api/profile";
import {
  CustomerSchema,
  displayedAttributes,
  emailTitle,
  medianLine,
  NOTHING_WAITING,
  senderForDisplay,
  SIGNAL_LABELS,
  waitingLine,
  type EmailSummary,
} from "../contract";
import { api, call } from "../api";
import { CustomerForm } from "../customer-form";
import { EmailView } from "../email-view";
import { Domain, Hosts, When } from "../format";
import { Link, navigate } from "../router";
import { isAdmin, useSession } from "../session";
import { Panel } from "../panel";
import { ActionError, EmptyState, ErrorState, LoadingRows, useLoad } from "../states";
import { WeekChart } from "../week-chart";

// A customer's profile: who they are, who talks to them, how much mail goes each way, and the history by thread.

const useStyles = makeStyles({
  head: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  grow: { flexGrow: 1 },
  facts: {
    display: "flex",
    gap: tokens.spacingHorizontalXXL,
    flexWrap: "wrap",
    margin: `${tokens.spacingVerticalM} 0`,
  },
  fact: { display: "flex", flexDirection: "column" },
  rowActions: { display: "flex", gap: tokens.spacingHorizontalXS },
  muted: { color: tokens.colorNeutralForeground3 },
  columns: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 3fr) minmax(0, 2fr)",
    gap: tokens.spacingHorizontalL,
  },
  card: { marginBottom: tokens.spacingVerticalL },
  thread: { borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  threadButton: {
    width: "100%",
    justifyContent: "flex-start",
    textAlign: "left",
    height: "auto",
    padding: tokens.spacingVerticalS,
  },
  threadText: { display: "flex", flexDirection: "column", minWidth: 0, flexGrow: 1 },
  snippet: {
    color: tokens.colorNeutralForeground3,
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
  },
  emails: { paddingLeft: tokens.spacingHorizontalXXL, paddingBottom: tokens.spacingVerticalS },
  form: {
    display: "flex",
    gap: tokens.spacingHorizontalS,
    alignItems: "end",
    flexWrap: "wrap",
    marginTop: tokens.spacingVerticalS,
  },
});

export default function ProfilePage({ id }: { id: string }) {
  const styles = useStyles();
  const session = useSession();
  const [profile, reload, setProfile] = useLoad<CustomerProfile>(
    () => call("GET", `/customers/${encodeURIComponent(id)}/profile`, CustomerProfileSchema),
    [id],
  );
  // The history's first page is asked for at once, beside the profile; a failure shows in the history's own state.
  const prefetched = useMemo(() => {
    const page = firstThreads(id);
    page.catch(() => undefined);
    return page;
  }, [id]);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [historyRound, setHistoryRound] = useState(0);

  if (profile.state === "loading") return <LoadingRows label="Loading the customer…" />;
  if (profile.state === "error") return <ErrorState error={profile.error} retry={reload} />;
  const p = profile.data;
  const c = p.customer;
  const attributes = displayedAttributes(c.attributes);
  return (
    <article aria-labelledby="profile-title">
      <Link href="/app/customers">← Customers</Link>
      <div className={styles.head}>
        <Title2 as="h1" id="profile-title">
          {c.name}
        </Title2>
        <span className={styles.grow} />
        <Button onClick={() => setEditing(true)}>Edit</Button>
        {isAdmin(session) && <Button onClick={() => setDeleting(true)}>Delete customer</Button>}
      </div>
      <div className={styles.facts}>
        <Fact label="Domains">
          {c.domains.length === 0
            ? "None: only its contacts' addresses match"
            : c.domains.map((d, i) => (
                <span key={d}>
                  {i > 0 && ", "}
                  <Domain value={d} />
                </span>
              ))}
        </Fact>
        <Fact label="Last Touch">
          <When iso={c.lastTouchAt} />
        </Fact>
        <Fact label="Last inbound">
          <When iso={p.lastInboundAt} />
        </Fact>
        <Fact label="Last outbound">
          <When iso={p.lastOutboundAt} />
        </Fact>
        <ReplySignals customerId={c.id} />
        {attributes.map((a) => (
          <Fact label={a.label} key={a.key}>
            {a.text}
          </Fact>
        ))}
      </div>
      <div className={styles.columns}>
        <div>
          <Panel className={styles.card}>
            <Subtitle1 as="h2">Emails per week, last 6 months</Subtitle1>
            <WeekChart weeks={p.weeks} />
          </Panel>
          <Panel className={styles.card}>
            <Subtitle1 as="h2">History</Subtitle1>
            <History
              customerId={c.id}
              prefetched={historyRound === 0 ? prefetched : null}
              key={historyRound}
              onChanged={() => (setHistoryRound((r) => r + 1), reload())}
            />
          </Panel>
        </div>
        <div>
          <Panel className={styles.card}>
            <Subtitle1 as="h2">Who talks to {c.name}</Subtitle1>
            <Team customerId={c.id} />
          </Panel>
          <Panel className={styles.card}>
            <Subtitle1 as="h2">Contacts</Subtitle1>
            <Contacts profile={p} onChanged={reload} />
          </Panel>
        </div>
      </div>
      {editing && (
        <CustomerForm
          customer={c}
          open
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            setProfile({ ...p, customer: saved });
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${c.name}?`}
          action="Delete customer"
          onCancel={() => setDeleting(false)}
          onConfirm={async () => {
            await api.deleteCustomer(c.id);
            navigate("/app/customers");
          }}
        >
          <p>
            The customer, its {p.contacts.length} contacts and every stored email that belongs only to it are
            deleted from Touchbase for the whole workspace. This cannot be undone; the emails stay in
            everyone&apos;s mailbox.
          </p>
        </ConfirmDialog>
      )}
    </article>
  );
}

/** Who in the team syncs this customer's mail: its own request, after the first screen (it counts every email). */
function Team({ customerId }: { customerId: string }) {
  const [team, reload] = useLoad(
    () => call("GET", `/customers/${encodeURIComponent(customerId)}/team`, CustomerTeamSchema),
    [customerId],
  );
  if (team.state === "loading") return <LoadingRows rows={2} label="Loading the team…" />;
  if (team.state === "error") return <ErrorState error={team.error} retry={reload} />;
  if (team.data.team.length === 0)
    return <Text>Nobody in the team has synced an email with this customer yet.</Text>;
  return (
    <Table size="small" aria-label="Team members who sync this customer's emails">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Member</TableHeaderCell>
          <TableHeaderCell>Emails</TableHeaderCell>
          <TableHeaderCell>Latest</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {team.data.team.map((m) => (
          <TableRow key={m.userId}>
            <TableCell title={m.email}>{m.name}</TableCell>
            <TableCell>{m.emails}</TableCell>
            <TableCell>
              <When iso={m.lastEmailAt} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const contactName = (c: ProfileContact) => `${c.firstName} ${c.lastName}`.trim() || c.address;

function Contacts({ profile, onChanged }: { profile: CustomerProfile; onChanged: () => void }) {
  const styles = useStyles();
  const [address, setAddress] = useState("");
  const [first, setFirst] = useState("");
  const [last, setLast] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<ProfileContact | null>(null);
  const [merging, setMerging] = useState<ProfileContact | null>(null);
  const people = profile.contacts.filter((c) => !c.mergedInto);
  const alsoOf = (id: string) => profile.contacts.filter((c) => c.mergedInto === id);

  const add = async () => {
    setError(null);
    try {
      await call(
        "POST",
        `/customers/${encodeURIComponent(profile.customer.id)}/contacts`,
        ProfileContactSchema,
        {
          json: { address, firstName: first, lastName: last },
        },
      );
      setAddress("");
      setFirst("");
      setLast("");
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      {people.length === 0 ? (
        <Text block as="p">
          No contacts yet. They are created from the people in synced emails, or add one below.
        </Text>
      ) : (
        <Table size="small" aria-label="Contacts">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Person</TableHeaderCell>
              <TableHeaderCell>Last Touch</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {people.map((c) => (
              <TableRow key={c.id} data-testid="contact-row">
                <TableCell>
                  <div>
                    {contactName(c)} {c.source === "auto" && <Badge appearance="outline">auto</Badge>}
                  </div>
                  <Caption1>
                    <Hosts
                      value={[c.address, ...alsoOf(c.id).map((m) => m.address)].join(", ")}
                      breakAfterAt
                    />
                  </Caption1>
                </TableCell>
                <TableCell>
                  <When iso={c.lastTouchAt} />
                </TableCell>
                <TableCell>
                  <div className={styles.rowActions}>
                    <Tooltip content="Edit" relationship="description">
                      <Button
                        size="small"
                        appearance="subtle"
                        icon={<Edit16Regular />}
                        onClick={() => setEditing(c)}
                        aria-label={`Edit ${contactName(c)}`}
                      />
                    </Tooltip>
                    {people.length > 1 && (
                      <Tooltip content="Merge into another contact" relationship="description">
                        <Button
                          size="small"
                          appearance="subtle"
                          icon={<Merge16Regular />}
                          onClick={() => setMerging(c)}
                          aria-label={`Merge ${contactName(c)}`}
                        />
                      </Tooltip>
                    )}
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {profile.contactsTruncated && <Caption1>Showing the 500 most recently touched contacts.</Caption1>}
      <form
        className={styles.form}
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <Field label="Address">
          <Input value={address} onChange={(_, d) => setAddress(d.value)} type="email" required />
        </Field>
        <Field label="First name">
          <Input value={first} onChange={(_, d) => setFirst(d.value)} style={{ width: 110 }} />
        </Field>
        <Field label="Last name">
          <Input value={last} onChange={(_, d) => setLast(d.value)} style={{ width: 110 }} />
        </Field>
        <Button type="submit" disabled={!address.trim()}>
          Add contact
        </Button>
      </form>
      <ActionError error={error} />
      {editing && (
        <EditContact
          contact={editing}
          onClose={() => setEditing(null)}
          onSaved={() => (setEditing(null), onChanged())}
        />
      )}
      {merging && (
        <MergeContacts
          contact={merging}
          others={people.filter((c) => c.id !== merging.id)}
          onClose={() => setMerging(null)}
          onMerged={() => (setMerging(null), onChanged())}
        />
      )}
    </>
  );
}

function EditContact({
  contact,
  onClose,
  onSaved,
}: {
  contact: ProfileContact;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [first, setFirst] = useState(contact.firstName);
  const [last, setLast] = useState(contact.lastName);
  const [error, setError] = useState<unknown>(null);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Edit {contact.address}</DialogTitle>
          <DialogContent>
            <Field label="First name">
              <Input value={first} onChange={(_, d) => setFirst(d.value)} />
            </Field>
            <Field label="Last name">
              <Input value={last} onChange={(_, d) => setLast(d.value)} />
            </Field>
            <ActionError error={error} />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              appearance="primary"
              onClick={async () => {
                try {
                  await call("PATCH", `/contacts/${encodeURIComponent(contact.id)}`, null, {
                    json: { firstName: first, lastName: last },
                  });
                  onSaved();
                } catch (e) {
                  setError(e);
                }
              }}
            >
              Save
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/**
 * Who waits for a reply and how fast the team answers (issue 13), in the Outlook pane's and the Gmail card's words.
 * Its own request after the first screen, like the team: `GET /customers/{id}` computes the signals.
 */
function ReplySignals({ customerId }: { customerId: string }) {
  const [customer, reload] = useLoad(
    () => call("GET", `/customers/${encodeURIComponent(customerId)}`, CustomerSchema),
    [customerId],
  );
  if (customer.state === "loading")
    return (
      <Fact label="Replies">
        <Spinner size="extra-tiny" label="Loading…" labelPosition="after" />
      </Fact>
    );
  if (customer.state === "error")
    return (
      <Fact label="Replies">
        Could not load.{" "}
        <Button size="small" appearance="transparent" onClick={reload}>
          Retry
        </Button>
      </Fact>
    );
  const signals = customer.data.signals;
  if (!signals) return null;
  const waiting = waitingLine(signals) ?? NOTHING_WAITING;
  const median = medianLine(signals);
  return (
    <>
      <Fact label={SIGNAL_LABELS.waiting}>
        <span title={waiting.spoken} data-testid="profile-waiting">
          {waiting.text}
        </span>
      </Fact>
      <Fact label={SIGNAL_LABELS.median}>
        <span title={median.spoken} data-testid="profile-median">
          {median.text}
        </span>
      </Fact>
    </>
  );
}

/** One labelled fact under the customer's name: a muted caption above its value. */
function Fact({ label, children }: { label: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.fact}>
      <Caption1 className={styles.muted}>{label}</Caption1>
      <Text>{children}</Text>
    </div>
  );
}

function MergeContacts({
  contact,
  others,
  onClose,
  onMerged,
}: {
  contact: ProfileContact;
  others: ProfileContact[];
  onClose: () => void;
  onMerged: () => void;
}) {
  const [into, setInto] = useState(others[0]?.id ?? "");
  const [error, setError] = useState<unknown>(null);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Merge {contactName(contact)}</DialogTitle>
          <DialogContent>
            <p>
              {contact.address} becomes another address of the person you choose. Both addresses keep matching
              this customer.
            </p>
            <Field label="Merge into">
              <Select value={into} onChange={(_, d) => setInto(d.value)}>
                {others.map((o) => (
                  <option key={o.id} value={o.id}>
                    {contactName(o)} ({o.address})
                  </option>
                ))}
              </Select>
            </Field>
            <ActionError error={error} />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              appearance="primary"
              disabled={!into}
              onClick={async () => {
                try {
                  await call("POST", "/contacts/merge", null, {
                    json: { keepId: into, mergeId: contact.id },
                  });
                  onMerged();
                } catch (e) {
                  setError(e);
                }
              }}
            >
              Merge
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

const firstThreads = (customerId: string) =>
  call("GET", `/customers/${encodeURIComponent(customerId)}/threads`, ThreadPageSchema, {
    query: { limit: 25 },
  });

function History({
  customerId,
  prefetched,
  onChanged,
}: {
  customerId: string;
  /** The first page, asked for together with the profile (so the two requests do not wait on each other). */
  prefetched: Promise<ThreadPage> | null;
  onChanged: () => void;
}) {
  const [threads, setThreads] = useState<ThreadSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const unused = useRef(prefetched);
  const [first, reload] = useLoad(async () => {
    const early = unused.current;
    unused.current = null;
    const page = await (early ?? firstThreads(customerId));
    setThreads(page.threads);
    setCursor(page.nextCursor);
    return true;
  }, [customerId]);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  if (first.state === "loading") return <LoadingRows rows={4} label="Loading the history…" />;
  if (first.state === "error") return <ErrorState error={first.error} retry={reload} />;
  if (threads.length === 0) {
    return (
      <EmptyState title="No emails yet">
        Emails with this customer appear here once someone in the team syncs them from Outlook or Gmail, or
        BCCs them to the workspace&apos;s address.
      </EmptyState>
    );
  }
  const more = async () => {
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await call(
        "GET",
        `/customers/${encodeURIComponent(customerId)}/threads`,
        ThreadPageSchema,
        {
          query: { limit: 25, cursor },
        },
      );
      setThreads((t) => [...t, ...page.threads]);
      setCursor(page.nextCursor);
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <div>
      <ul style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label="Threads, newest first">
        {threads.map((t) => (
          <Thread key={t.threadKey} customerId={customerId} thread={t} onChanged={onChanged} />
        ))}
      </ul>
      <ActionError error={moreError} />
      {cursor && (
        <Button onClick={more} disabled={loadingMore}>
          {loadingMore ? "Loading…" : "Older threads"}
        </Button>
      )}
    </div>
  );
}

function Thread({
  customerId,
  thread,
  onChanged,
}: {
  customerId: string;
  thread: ThreadSummary;
  onChanged: () => void;
}) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  // A colleague's private thread has no key (issue 12): there is nothing more to open.
  const threadKey = thread.threadKey;
  return (
    <li className={styles.thread} data-testid="thread" data-private={thread.private ? "true" : undefined}>
      <Button
        appearance="subtle"
        className={styles.threadButton}
        icon={
          thread.private ? (
            <LockClosed16Regular aria-label="Private thread" data-testid="thread-lock" />
          ) : open ? (
            <ChevronDown16Regular />
          ) : (
            <ChevronRight16Regular />
          )
        }
        aria-expanded={threadKey ? open : undefined}
        disabled={!threadKey}
        onClick={() => setOpen(!open)}
      >
        <span className={styles.threadText}>
          <strong>
            {emailTitle(thread)} {thread.count > 1 && <span>({thread.count})</span>}
          </strong>
          <span className={styles.snippet}>
            {[
              thread.lastFrom &&
                `${thread.lastDirection === "inbound" ? "From" : "Sent by"} ${senderForDisplay(thread.lastFrom)}`,
              thread.snippet,
            ]
              .filter(Boolean)
              .join(" · ")}
          </span>
        </span>
        <When iso={thread.lastAt} />
      </Button>
      {open && threadKey && (
        <ThreadEmails customerId={customerId} threadKey={threadKey} onChanged={onChanged} />
      )}
    </li>
  );
}

function ThreadEmails({
  customerId,
  threadKey,
  onChanged,
}: {
  customerId: string;
  threadKey: string;
  onChanged: () => void;
}) {
  const styles = useStyles();
  const [emails, reload] = useLoad(
    () =>
      call("GET", `/customers/${encodeURIComponent(customerId)}/thread-emails`, ThreadEmailsSchema, {
        query: { threadKey },
      }),
    [customerId, threadKey],
  );
  const [openId, setOpenId] = useState<string | null>(null);
  if (emails.state === "loading") return <LoadingRows rows={2} label="Loading the thread…" />;
  if (emails.state === "error") return <ErrorState error={emails.error} retry={reload} />;
  return (
    <ul className={styles.emails} style={{ listStyle: "none" }}>
      {emails.data.emails.map((e: EmailSummary) => (
        <li key={e.id}>
          <Button
            appearance="transparent"
            className={styles.threadButton}
            aria-expanded={openId === e.id}
            onClick={() => setOpenId(openId === e.id ? null : e.id)}
          >
            <span className={styles.threadText}>
              <span>
                {e.direction === undefined
                  ? emailTitle(e)
                  : `${e.direction === "inbound" ? "↘ In" : "↗ Out"} · ${senderForDisplay(e.from ?? "")}`}
              </span>
              {e.snippet && <span className={styles.snippet}>{e.snippet}</span>}
            </span>
            <When iso={e.sentAt} />
          </Button>
          {openId === e.id && <EmailView id={e.id} onRemoved={onChanged} />}
        </li>
      ))}
    </ul>
  );
}
