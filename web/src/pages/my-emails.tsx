import { useEffect, useState } from "react";
import {
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Subtitle1,
  Switch,
  Text,
  Textarea,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ConfirmDialog, Dialog } from "../dialog";
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "../table";
import { MySyncStateSchema, type MySyncState } from "../../../shared/api/workspace-web";
import { AccessTokenListSchema, type AccessToken } from "../../../shared/api/access-schemas";
import type { UserSettings } from "../contract";
import { api, call } from "../api";
import { When } from "../format";
import { ExclusionList } from "../exclusion-list";
import { Panel } from "../panel";
import { ActionError, ErrorState, LoadingRows, useLoad } from "../states";

// My profile → Emails: what I synced per client, my sync settings (the same /me/settings the add-ins read), my
// exclusions, removing everything I synced, and my personal access tokens when the server has that API.

const useStyles = makeStyles({
  card: { marginBottom: tokens.spacingVerticalL, maxWidth: "900px" },
  form: { display: "grid", gridTemplateColumns: "1fr 1fr", gap: tokens.spacingHorizontalL },
});

const CLIENTS: Record<string, string> = {
  outlook: "Outlook",
  gmail: "Gmail",
  bcc: "BCC address",
  import: "Import",
};

export default function MyEmailsPage() {
  const styles = useStyles();
  const [state, reloadState] = useLoad<MySyncState>(
    () => call("GET", "/me/sync-state", MySyncStateSchema),
    [],
  );
  return (
    <section aria-labelledby="me-title">
      <Title2 as="h1" id="me-title">
        My emails
      </Title2>
      <Panel className={styles.card}>
        <Subtitle1 as="h2">What I synced</Subtitle1>
        {state.state === "loading" ? (
          <LoadingRows rows={2} />
        ) : state.state === "error" ? (
          <ErrorState error={state.error} retry={reloadState} />
        ) : state.data.clients.length === 0 ? (
          <Text>You have not synced any email yet. Open Touchbase in Outlook or Gmail and press Sync.</Text>
        ) : (
          <Table size="small" aria-label="My synced emails per client">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Client</TableHeaderCell>
                <TableHeaderCell>Emails</TableHeaderCell>
                <TableHeaderCell>Last sync</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {state.data.clients.map((c) => (
                <TableRow key={c.source}>
                  <TableCell>{CLIENTS[c.source] ?? c.source}</TableCell>
                  <TableCell>{c.emails}</TableCell>
                  <TableCell>
                    <When iso={c.lastSyncAt} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Panel>
      <Panel className={styles.card}>
        <Subtitle1 as="h2">Sync settings</Subtitle1>
        <SyncSettings />
      </Panel>
      <Panel className={styles.card}>
        <Subtitle1 as="h2">My exclusions</Subtitle1>
        <ExclusionList scope="user" />
      </Panel>
      <Panel className={styles.card}>
        <Subtitle1 as="h2">Remove all my synced emails</Subtitle1>
        <RemoveAll total={state.state === "ready" ? state.data.total : null} onRemoved={reloadState} />
      </Panel>
      <Tokens />
    </section>
  );
}

function SyncSettings() {
  const styles = useStyles();
  const [loaded, reload] = useLoad<UserSettings>(() => api.settings(), []);
  const [draft, setDraft] = useState<UserSettings | null>(null);
  // The folder and label boxes keep what is typed (new lines included); they become lists when saved.
  const [folders, setFolders] = useState("");
  const [labels, setLabels] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.state === "ready") {
      setDraft(loaded.data);
      setFolders(loaded.data.outlookFolders.join("\n"));
      setLabels(loaded.data.gmailLabels.join("\n"));
    }
  }, [loaded]);
  if (loaded.state === "loading" || !draft) {
    return loaded.state === "error" ? (
      <ErrorState error={loaded.error} retry={reload} />
    ) : (
      <LoadingRows rows={3} />
    );
  }
  const lines = (s: string) =>
    s
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      const next = await api.saveSettings({
        ...draft,
        outlookFolders: lines(folders),
        gmailLabels: lines(labels),
      });
      setDraft(next);
      setFolders(next.outlookFolders.join("\n"));
      setLabels(next.gmailLabels.join("\n"));
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className={styles.form}>
        <Field label="Outlook folders to sync" hint="One per line; empty means Inbox and Sent Items.">
          <Textarea value={folders} onChange={(_, d) => setFolders(d.value)} rows={3} />
        </Field>
        <Field label="Gmail labels to sync" hint="One per line; empty means INBOX and SENT.">
          <Textarea value={labels} onChange={(_, d) => setLabels(d.value)} rows={3} />
        </Field>
        <Field label="Look back (days)">
          <Input
            type="number"
            min={1}
            max={3650}
            value={String(draft.lookbackDays)}
            onChange={(_, d) =>
              setDraft({ ...draft, lookbackDays: Math.max(1, Math.min(3650, Number(d.value) || 1)) })
            }
          />
        </Field>
        <Switch
          checked={draft.autoSyncOnOpen}
          onChange={(_, d) => setDraft({ ...draft, autoSyncOnOpen: d.checked })}
          label="Sync automatically when I open Touchbase in my mail"
        />
        <Switch
          checked={draft.newSyncsPrivate ?? false}
          onChange={(_, d) => setDraft({ ...draft, newSyncsPrivate: d.checked })}
          label="Make the new threads I sync private (only the people who synced an email read it)"
        />
      </div>
      <ActionError error={error} />
      {saved && (
        <Text block role="status" as="p">
          Saved. Outlook and Gmail use these settings at their next sync.
        </Text>
      )}
      <Button appearance="primary" type="submit" style={{ marginTop: 8 }}>
        Update sync settings
      </Button>
    </form>
  );
}

function RemoveAll({ total, onRemoved }: { total: number | null; onRemoved: () => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<string | null>(null);
  const phrase = total === null ? "" : `remove ${total}`;
  return (
    <div>
      <Text block as="p">
        Takes every email you synced out of Touchbase (emails a colleague also synced stay theirs). Your
        mailbox is not touched.
      </Text>
      {result && (
        <Text block role="status" as="p">
          {result}
        </Text>
      )}
      <Button disabled={!total} onClick={() => (setOpen(true), setTyped(""))}>
        {total ? `Remove my ${total} synced ${total === 1 ? "email" : "emails"}…` : "Nothing to remove"}
      </Button>
      {open && (
        <Dialog open onOpenChange={(_, d) => setOpen(d.open)}>
          <DialogSurface aria-describedby={undefined}>
            <DialogBody>
              <DialogTitle>
                {total === 1 ? "Remove your synced email?" : `Remove all ${total} of your synced emails?`}
              </DialogTitle>
              <DialogContent>
                <p>
                  This cannot be undone from here (syncing again brings {total === 1 ? "it" : "them"} back).
                  To confirm, type “{phrase}
                  ”.
                </p>
                <Field label={`Type ${phrase} to confirm`}>
                  <Input value={typed} onChange={(_, d) => setTyped(d.value)} />
                </Field>
                <ActionError error={error} />
              </DialogContent>
              <DialogActions>
                <Button onClick={() => setOpen(false)}>Cancel</Button>
                <Button
                  appearance="primary"
                  disabled={typed.trim().toLowerCase() !== phrase}
                  onClick={async () => {
                    try {
                      const { deleted } = await api.removeMyEmails();
                      setOpen(false);
                      setResult(
                        `Removed. ${deleted} ${deleted === 1 ? "email was" : "emails were"} deleted from Touchbase.`,
                      );
                      onRemoved();
                    } catch (e) {
                      setError(e);
                    }
                  }}
                >
                  Remove my emails
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </div>
  );
}

/**
 * My personal access tokens, for scripts (the add-ins and the web sign in instead): when each was made and last
 * used, when it expires, and Revoke, which refuses it from the next request on. Tokens are made with the CLI or
 * `POST /api/v1/tokens`, which shows the secret once.
 */
function Tokens() {
  const styles = useStyles();
  const [tokens, reload] = useLoad(() => call("GET", "/tokens", AccessTokenListSchema), []);
  const [revoking, setRevoking] = useState<AccessToken | null>(null);
  return (
    <Panel className={styles.card}>
      <Subtitle1 as="h2">Personal access tokens</Subtitle1>
      {tokens.state === "loading" ? (
        <LoadingRows rows={2} />
      ) : tokens.state === "error" ? (
        <ErrorState error={tokens.error} retry={reload} />
      ) : tokens.data.tokens.length === 0 ? (
        <Text>
          You have no personal access tokens. Scripts get one from the CLI: touchbase tokens create.
        </Text>
      ) : (
        <Table size="small" aria-label="My personal access tokens">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Created</TableHeaderCell>
              <TableHeaderCell>Last used</TableHeaderCell>
              <TableHeaderCell>Expires</TableHeaderCell>
              <TableHeaderCell>Action</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {tokens.data.tokens.map((t) => (
              <TableRow key={t.id} data-testid="token-row">
                <TableCell>{t.name}</TableCell>
                <TableCell>
                  <When iso={t.createdAt} />
                </TableCell>
                <TableCell>
                  <When iso={t.lastUsedAt} empty="Never" />
                </TableCell>
                <TableCell>
                  <When iso={t.expiresAt} empty="Never" />
                </TableCell>
                <TableCell>
                  <Button size="small" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}>
                    Revoke
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke "${revoking.name}"?`}
          action="Revoke token"
          onCancel={() => setRevoking(null)}
          onConfirm={async () => {
            await call("DELETE", `/tokens/${encodeURIComponent(revoking.id)}`, null);
            setRevoking(null);
            reload();
          }}
        >
          A script that uses this token is refused from its next request on. This cannot be undone; make a new
          token if you need one again.
        </ConfirmDialog>
      )}
    </Panel>
  );
}
