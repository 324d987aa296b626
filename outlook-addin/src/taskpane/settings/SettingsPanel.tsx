import { useEffect, useState } from "react";
import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  SpinButton,
  Subtitle2,
  Switch,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { AddinSettings } from "../../office";
import type { MailFolderNode } from "../../graph";
import type { FolderSchedule } from "../../sync";
import { describeError } from "../../sync/error-sentence";
import { SYNC_EVERY_MINUTES } from "../../sync/folder-schedule";
import { ContinuousSyncStatus } from "./ContinuousSyncStatus";
import { FolderPicker } from "./FolderPicker";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  buttons: { display: "flex", gap: tokens.spacingHorizontalS },
  fieldset: { border: "none", margin: 0, padding: 0 },
  signIn: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: tokens.spacingVerticalXS,
  },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalXS, fontWeight: tokens.fontWeightSemibold },
});

export interface SettingsPanelProps {
  initial: AddinSettings;
  /** Loads the folder tree from Graph; null without Graph access. */
  loadFolders: (() => Promise<MailFolderNode[]>) | null;
  /** Validates and saves (roaming settings); rejects with a sentence-carrying error. */
  onSave: (next: AddinSettings) => Promise<void>;
  onCancel: (() => void) | null;
  /** Microsoft sign-in for folder sync (a popup, so from this click); null without Graph access. */
  onSignIn?: (() => Promise<void>) | null;
  /**
   * Why folder sync needs that sign-in, or null when it does not: Touchbase's one Sign in brings Graph's consent
   * with it, so the button shows only when Microsoft asks for the user (consent, a new sign-in).
   */
  signInNeeded?: (() => Promise<string | null>) | null;
  /** How that sign-in happens here (a host without nested app authentication opens a sign-in window). */
  signInMethod?: "nested" | "dialog" | "simulator" | null;
  /** Signs out of Touchbase and deletes what it keeps on this computer; null when not signed in. */
  onSignOut?: (() => Promise<void>) | null;
  /** Who is signed in, shown above Sign out; null when nobody is. */
  account?: { username: string; name: string } | null;
  /** The session's continuous sync (when each folder last synced, the next run); null without Graph. */
  schedule?: FolderSchedule | null;
}

/**
 * Server URL (kept in roaming settings; there is no token to paste — the pane signs in with Microsoft), folders to
 * sync, auto-sync on open, lookback days, who is signed in and Sign out.
 */
export default function SettingsPanel({
  initial,
  loadFolders,
  onSave,
  onCancel,
  onSignIn = null,
  signInNeeded = null,
  signInMethod = null,
  onSignOut = null,
  account = null,
  schedule = null,
}: SettingsPanelProps) {
  const styles = useStyles();
  const [draft, setDraft] = useState<AddinSettings>(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [signIn, setSignIn] = useState<{ busy: boolean; text: string | null }>({ busy: false, text: null });
  const [signedInNow, setSignedInNow] = useState(0);
  const graphReason = useGraphSignInReason(signInNeeded, signedInNow);
  const [signingOut, setSigningOut] = useState(false);
  const set = <K extends keyof AddinSettings>(key: K, value: AddinSettings[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const save = async () => {
    if (!draft.serverUrl.trim()) {
      setError("Enter the Touchbase server URL to connect.");
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await onSave(draft);
    } catch (e) {
      setError(describeError(e));
      setSaving(false);
    }
  };

  return (
    <form
      className={styles.root}
      data-testid="settings"
      // One voice for every problem (the settings schema's sentences), not the browser's validation bubbles.
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Subtitle2>Touchbase settings</Subtitle2>
      {error && (
        <MessageBar intent="error" layout="multiline" data-testid="settings-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <Field label="Server URL" hint="For example https://touchbase.example.com" required>
        <Input
          type="url"
          value={draft.serverUrl}
          onChange={(_e, d) => set("serverUrl", d.value)}
          placeholder="https://…"
          data-testid="settings-server-url"
        />
      </Field>
      <Switch
        checked={draft.autoSyncOnOpen}
        onChange={(_e, d) => set("autoSyncOnOpen", d.checked)}
        label="Sync customer emails automatically when I open them"
        data-testid="settings-auto-sync"
      />
      <Field label="Look back (days) on the first folder sync">
        <SpinButton
          min={1}
          max={3650}
          value={draft.lookbackDays}
          onChange={(_e, d) => {
            const value = d.value ?? Number.parseInt(d.displayValue ?? "", 10);
            if (Number.isFinite(value))
              set("lookbackDays", Math.min(3650, Math.max(1, Math.round(value as number))));
          }}
          data-testid="settings-lookback"
        />
      </Field>
      <Field
        label="Sync folders again every (minutes)"
        hint="Folders you synced once keep syncing while Touchbase is open."
      >
        <SpinButton
          min={SYNC_EVERY_MINUTES.min}
          max={SYNC_EVERY_MINUTES.max}
          value={draft.syncEveryMinutes}
          onChange={(_e, d) => {
            const value = d.value ?? Number.parseInt(d.displayValue ?? "", 10);
            if (Number.isFinite(value)) {
              const { min, max } = SYNC_EVERY_MINUTES;
              set("syncEveryMinutes", Math.min(max, Math.max(min, Math.round(value as number))));
            }
          }}
          data-testid="settings-sync-every"
        />
      </Field>
      {schedule && <ContinuousSyncStatus schedule={schedule} chosen={draft.folders} />}
      {/* Not a Field: a Field would give every checkbox inside its own label. */}
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>Folders to sync</legend>
        {/* Microsoft asks for the user before Graph gives folder sync a token: why, and the sign-in, in place of
            the tree it cannot load yet. */}
        {onSignIn && graphReason ? (
          <div className={styles.signIn} data-testid="settings-graph-sign-in">
            <Caption1 data-testid="settings-sign-in-reason">{graphReason}</Caption1>
            <Button
              disabled={signIn.busy}
              data-testid="settings-sign-in"
              onClick={() => {
                setSignIn({ busy: true, text: null });
                onSignIn().then(
                  () => {
                    setSignIn({
                      busy: false,
                      text: "Signed in to Microsoft: folder sync can read your mail folders.",
                    });
                    setSignedInNow((n) => n + 1);
                  },
                  (e: unknown) => setSignIn({ busy: false, text: describeError(e) }),
                );
              }}
            >
              Sign in to Microsoft for folder sync
            </Button>
            {signInMethod === "dialog" && (
              <Caption1 data-testid="settings-sign-in-dialog">
                This version of Outlook cannot sign you in to Microsoft by itself (no nested app
                authentication), so the sign-in opens in a separate window. Allow it if Outlook asks.
              </Caption1>
            )}
          </div>
        ) : (
          <FolderPicker
            // A new sign-in loads the tree again (it may have failed for want of that sign-in).
            key={signedInNow}
            load={loadFolders}
            value={draft.folders}
            onChange={(f) => set("folders", f)}
          />
        )}
        {signIn.text && <Caption1 data-testid="settings-sign-in-result">{signIn.text}</Caption1>}
      </fieldset>
      <div className={styles.buttons}>
        <Button appearance="primary" type="submit" disabled={saving} data-testid="settings-save">
          {saving ? "Saving…" : "Save"}
        </Button>
        {onCancel && (
          <Button onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
        )}
        {onSignOut && (
          <Button
            appearance="subtle"
            disabled={saving || signingOut}
            data-testid="settings-sign-out"
            onClick={() => {
              setSigningOut(true);
              setError(null);
              onSignOut().catch((e: unknown) => {
                setError(describeError(e));
                setSigningOut(false);
              });
            }}
          >
            {signingOut ? "Signing out…" : "Sign out and delete local data"}
          </Button>
        )}
      </div>
      {account && (
        <Caption1 data-testid="settings-account">
          Signed in as{" "}
          {account.name && account.name !== account.username
            ? `${account.name} (${account.username})`
            : account.username}
          .
        </Caption1>
      )}
      {onSignOut && (
        <Caption1>
          Signing out deletes what Touchbase keeps on this computer for this server: emails waiting to upload,
          folder sync progress and the customer list.
        </Caption1>
      )}
    </form>
  );
}

/**
 * Asks once per sign-in whether Graph needs the user; null while asking, when it does not, or when the question
 * itself fails (a button that cannot help is not shown).
 */
function useGraphSignInReason(signInNeeded: (() => Promise<string | null>) | null, attempt: number) {
  const [reason, setReason] = useState<string | null>(null);
  useEffect(() => {
    if (!signInNeeded) return;
    let live = true;
    signInNeeded().then(
      (why) => live && setReason(why),
      () => live && setReason(null),
    );
    return () => {
      live = false;
    };
  }, [signInNeeded, attempt]);
  return signInNeeded ? reason : null;
}
