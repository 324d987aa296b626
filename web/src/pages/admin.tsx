import { useEffect, useState } from "react";
import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  Select,
  Subtitle1,
  Text,
  Textarea,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ConfirmDialog } from "../dialog";
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "../table";
import { InboundKeySchema, SyncHealthSchema, type SyncHealth } from "../../../shared/api/workspace-web";
import { InvitationListSchema, InvitationSchema, type Workspace } from "../contract";
import { api, call, routeExists } from "../api";
import { ExclusionList } from "../exclusion-list";
import { When } from "../format";
import { isAdmin, useSession } from "../session";
import { Panel } from "../panel";
import { ActionError, ErrorState, Forbidden, LoadingRows, useLoad } from "../states";
import { VisibilitySettings } from "../visibility-settings";
import { adminSectionTitle } from "../admin-sections";

// Admin: the workspace block list, the team (members from sync health, invitations; roles and deactivation when
// the users API is on the server), the workspace settings with the BCC address, and sync health per member.
// Members never see the links; the page shows the forbidden state and the API answers 403 to them anyway.

const useStyles = makeStyles({
  card: { marginBottom: tokens.spacingVerticalL, maxWidth: "960px" },
  form: {
    display: "flex",
    gap: tokens.spacingHorizontalM,
    alignItems: "end",
    flexWrap: "wrap",
    margin: `${tokens.spacingVerticalM} 0`,
  },
  grid: {
    display: "grid",
    gridTemplateColumns: "1fr 1fr",
    gap: tokens.spacingHorizontalL,
    maxWidth: "900px",
  },
});

export default function AdminPage({ section }: { section: string }) {
  const styles = useStyles();
  const session = useSession();
  if (!isAdmin(session)) return <Forbidden />;
  return (
    <section aria-labelledby="admin-title">
      <Title2 as="h1" id="admin-title">
        {adminSectionTitle(section)}
      </Title2>
      {section === "block-list" && (
        <Panel className={styles.card}>
          <Subtitle1 as="h2">Workspace block list</Subtitle1>
          <Text block as="p">
            Nobody in the workspace syncs email from or to these addresses and domains.
          </Text>
          <ExclusionList scope="workspace" />
        </Panel>
      )}
      {section === "team" && <Team />}
      {section === "settings" && <Settings />}
      {section === "sync-health" && <Health />}
    </section>
  );
}

function Team() {
  const styles = useStyles();
  const [members, reloadMembers] = useLoad<SyncHealth>(
    () => call("GET", "/admin/sync-health", SyncHealthSchema),
    [],
  );
  const [invites, reloadInvites] = useLoad(() => call("GET", "/invitations", InvitationListSchema), []);
  const [usersApi] = useLoad(() => routeExists("/users"), []);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"member" | "admin">("member");
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [deactivating, setDeactivating] = useState<{ id: string; name: string } | null>(null);
  const canManage = usersApi.state === "ready" && usersApi.data;
  const me = useSession().user.id;

  const run = async (step: () => Promise<void>) => {
    setError(null);
    setStatus(null);
    try {
      await step();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <Panel className={styles.card}>
        <Subtitle1 as="h2">Members</Subtitle1>
        {members.state === "loading" ? (
          <LoadingRows rows={3} />
        ) : members.state === "error" ? (
          <ErrorState error={members.error} retry={reloadMembers} />
        ) : (
          <Table size="small" aria-label="Members">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Email</TableHeaderCell>
                <TableHeaderCell>Role</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                {canManage && <TableHeaderCell>Actions</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {members.data.members.map((m) => (
                <TableRow key={m.id} data-testid="member-row">
                  <TableCell>{m.name}</TableCell>
                  <TableCell>{m.email}</TableCell>
                  <TableCell>{m.role}</TableCell>
                  <TableCell>
                    {m.deactivatedAt ? (
                      <Badge color="danger">Deactivated</Badge>
                    ) : (
                      <Badge color="success">Active</Badge>
                    )}
                  </TableCell>
                  {canManage && m.id === me && (
                    // Demoting or deactivating oneself would lock the admin out: another admin does it.
                    <TableCell>You</TableCell>
                  )}
                  {canManage && m.id !== me && (
                    <TableCell>
                      <Button
                        size="small"
                        onClick={() =>
                          run(async () => {
                            await call("PATCH", `/users/${encodeURIComponent(m.id)}`, null, {
                              json: { role: m.role === "admin" ? "member" : "admin" },
                            });
                            reloadMembers();
                          })
                        }
                      >
                        Make {m.role === "admin" ? "member" : "admin"}
                      </Button>{" "}
                      {!m.deactivatedAt && (
                        <Button size="small" onClick={() => setDeactivating({ id: m.id, name: m.name })}>
                          Deactivate
                        </Button>
                      )}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {!canManage && usersApi.state === "ready" && (
          <Text block as="p">
            Role changes and deactivation appear here once this server has the users API.
          </Text>
        )}
      </Panel>
      <Panel className={styles.card}>
        <Subtitle1 as="h2">Invitations</Subtitle1>
        <form
          className={styles.form}
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const created = await call("POST", "/invitations", InvitationSchema, { json: { email, role } });
              setStatus(`${created.email} is invited as ${created.role}. Their first sign-in accepts it.`);
              setEmail("");
              reloadInvites();
            });
          }}
        >
          <Field label="Email to invite">
            <Input type="email" value={email} onChange={(_, d) => setEmail(d.value)} />
          </Field>
          <Field label="Role">
            <Select value={role} onChange={(_, d) => setRole(d.value as "member" | "admin")}>
              <option value="member">Member</option>
              <option value="admin">Admin</option>
            </Select>
          </Field>
          <Button type="submit" appearance="primary" disabled={!email.trim()}>
            Invite
          </Button>
        </form>
        {status && (
          <Text block role="status" as="p">
            {status}
          </Text>
        )}
        <ActionError error={error} />
        {invites.state === "loading" ? (
          <LoadingRows rows={2} />
        ) : invites.state === "error" ? (
          <ErrorState error={invites.error} retry={reloadInvites} />
        ) : invites.data.invitations.length === 0 ? (
          <Text block as="p">
            No invitations yet.
          </Text>
        ) : (
          <Table size="small" aria-label="Invitations">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Email</TableHeaderCell>
                <TableHeaderCell>Role</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Expires</TableHeaderCell>
                <TableHeaderCell>Action</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {invites.data.invitations.map((i) => (
                <TableRow key={i.id} data-testid="invitation-row">
                  <TableCell>{i.email}</TableCell>
                  <TableCell>{i.role}</TableCell>
                  <TableCell>{i.status}</TableCell>
                  <TableCell>
                    <When iso={i.expiresAt} />
                  </TableCell>
                  <TableCell>
                    {i.status === "pending" && (
                      <Button
                        size="small"
                        aria-label={`Revoke the invitation of ${i.email}`}
                        onClick={() =>
                          run(async () => {
                            await call("DELETE", `/invitations/${encodeURIComponent(i.id)}`, null);
                            setStatus(`The invitation of ${i.email} is revoked.`);
                            reloadInvites();
                          })
                        }
                      >
                        Revoke
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Panel>
      {deactivating && (
        <ConfirmDialog
          title={`Deactivate ${deactivating.name}?`}
          action="Deactivate"
          onCancel={() => setDeactivating(null)}
          onConfirm={async () => {
            await call("PATCH", `/users/${encodeURIComponent(deactivating.id)}`, null, {
              json: { deactivated: true },
            });
            setDeactivating(null);
            reloadMembers();
          }}
        >
          They are signed out everywhere within a minute and cannot sign in again; what they synced stays.
        </ConfirmDialog>
      )}
    </>
  );
}

function Settings() {
  const styles = useStyles();
  const [loaded, reload] = useLoad<Workspace>(() => api.workspace(), []);
  const [draft, setDraft] = useState<Workspace | null>(null);
  const [domains, setDomains] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [rotating, setRotating] = useState(false);
  useEffect(() => {
    if (loaded.state === "ready") {
      setDraft(loaded.data);
      setDomains(loaded.data.internalDomains.join("\n"));
    }
  }, [loaded]);
  if (loaded.state === "error") return <ErrorState error={loaded.error} retry={reload} />;
  if (!draft) return <LoadingRows rows={4} />;
  const s = draft.settings;
  const setSetting = (patch: Partial<Workspace["settings"]>) =>
    setDraft({ ...draft, settings: { ...s, ...patch } });
  const bcc = draft.inboundAddressKey ? `${draft.inboundAddressKey}@${location.hostname}` : "";
  const save = async () => {
    setError(null);
    setStatus(null);
    try {
      const saved = await api.updateWorkspace({
        name: draft.name,
        internalDomains: domains
          .split(/[\s,;]+/)
          .map((d) => d.trim())
          .filter(Boolean),
        settings: s,
      });
      setDraft(saved);
      setDomains(saved.internalDomains.join("\n"));
      setStatus("Saved. The add-ins pick the new rules up at their next index refresh.");
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <Panel className={styles.card}>
        <Subtitle1 as="h2">Workspace settings</Subtitle1>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className={styles.grid}>
            <Field label="Workspace name">
              <Input value={draft.name} onChange={(_, d) => setDraft({ ...draft, name: d.value })} />
            </Field>
            <Field label="Look back (days) for new members">
              <Input
                type="number"
                min={1}
                max={3650}
                value={String(s.lookbackDays)}
                onChange={(_, d) =>
                  setSetting({ lookbackDays: Math.max(1, Math.min(3650, Number(d.value) || 1)) })
                }
              />
            </Field>
            <Field
              label="Internal domains"
              hint="Your company's domains, one per line: their mail is never a customer's."
            >
              <Textarea value={domains} onChange={(_, d) => setDomains(d.value)} rows={3} />
            </Field>
            <div>
              <Checkbox
                checked={s.autoCreateContacts}
                onChange={(_, d) => setSetting({ autoCreateContacts: !!d.checked })}
                label="Create contacts automatically from synced emails"
              />
              <Checkbox
                checked={s.skipBulk}
                onChange={(_, d) => setSetting({ skipBulk: !!d.checked })}
                label="Skip bulk and newsletter mail"
              />
              <Checkbox
                checked={s.skipAutoReplies}
                onChange={(_, d) => setSetting({ skipAutoReplies: !!d.checked })}
                label="Skip auto-replies"
              />
              <Checkbox
                checked={s.skipCalendar}
                onChange={(_, d) => setSetting({ skipCalendar: !!d.checked })}
                label="Skip calendar invitations"
              />
              <Checkbox
                checked={s.skipNoReply}
                onChange={(_, d) => setSetting({ skipNoReply: !!d.checked })}
                label="Skip no-reply senders"
              />
            </div>
          </div>
          <ActionError error={error} />
          {status && (
            <Text block role="status" as="p">
              {status}
            </Text>
          )}
          <Button appearance="primary" type="submit" style={{ marginTop: 8 }}>
            Save settings
          </Button>
        </form>
      </Panel>
      <VisibilitySettings
        current={loaded.state === "ready" ? (loaded.data.visibility ?? "full") : "full"}
        chosen={loaded.state === "ready" ? loaded.data.visibilityChosen !== false : true}
      />
      <Panel className={styles.card}>
        <Subtitle1 as="h2">BCC address</Subtitle1>
        <Text block as="p">
          Members BCC this address (or forward to it) to add an email from any client.
        </Text>
        <div className={styles.form}>
          <Field label="BCC address">
            <Input value={bcc} readOnly style={{ width: 420 }} data-testid="bcc-address" />
          </Field>
          <Button
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(bcc);
                setStatus("The BCC address is copied.");
              } catch {
                setStatus("Copying is not allowed here; select the address and copy it.");
              }
            }}
          >
            Copy
          </Button>
          <Button onClick={() => setRotating(true)}>Rotate…</Button>
        </div>
      </Panel>
      {rotating && (
        <ConfirmDialog
          title="Rotate the BCC address?"
          action="Rotate"
          onCancel={() => setRotating(false)}
          onConfirm={async () => {
            const { inboundAddressKey } = await call(
              "POST",
              "/workspace/inbound-key/rotate",
              InboundKeySchema,
            );
            setDraft({ ...draft, inboundAddressKey });
            setRotating(false);
            setStatus("The BCC address is new; the old one no longer works.");
          }}
        >
          Mail sent to the current address is refused from now on; tell your team the new one.
        </ConfirmDialog>
      )}
    </>
  );
}

const CLIENTS: Record<string, string> = {
  outlook: "Outlook",
  gmail: "Gmail",
  bcc: "BCC address",
  import: "Import",
};

function Health() {
  const styles = useStyles();
  const [health, reload] = useLoad<SyncHealth>(() => call("GET", "/admin/sync-health", SyncHealthSchema), []);
  return (
    <Panel className={styles.card}>
      <Text block as="p">
        Per member: the last upload, its client, and the newest upload the server refused (wholly or some of
        its emails). A member who has not uploaded for a week may have signed out of the add-in.
      </Text>
      {health.state === "loading" ? (
        <LoadingRows rows={3} />
      ) : health.state === "error" ? (
        <ErrorState error={health.error} retry={reload} />
      ) : (
        <Table size="small" aria-label="Sync health per member">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Member</TableHeaderCell>
              <TableHeaderCell>Last upload</TableHeaderCell>
              <TableHeaderCell>Client</TableHeaderCell>
              <TableHeaderCell>Emails, 7 days</TableHeaderCell>
              <TableHeaderCell>Emails in all</TableHeaderCell>
              <TableHeaderCell>Last error</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {health.data.members.map((m) => (
              <TableRow key={m.id} data-testid="health-row">
                <TableCell title={m.email}>
                  {m.name} {m.deactivatedAt && <Badge color="danger">Deactivated</Badge>}
                </TableCell>
                <TableCell>
                  <When iso={m.lastUploadAt} />
                  {m.lastUploadAt && Date.now() - Date.parse(m.lastUploadAt) > 7 * 86_400_000 && (
                    <Badge color="warning" style={{ marginLeft: 6 }}>
                      Quiet
                    </Badge>
                  )}
                </TableCell>
                <TableCell>{m.lastClient ? CLIENTS[m.lastClient] : "—"}</TableCell>
                <TableCell>{m.emailsLast7Days}</TableCell>
                <TableCell>{m.emails}</TableCell>
                <TableCell>
                  {m.lastError ? (
                    <>
                      <When iso={m.lastError.at} />
                      {m.lastUploadAt && m.lastUploadAt > m.lastError.at && " (uploads work again)"}
                      <br />
                      <Text size={200}>{m.lastError.message}</Text>
                    </>
                  ) : (
                    "None"
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Panel>
  );
}
