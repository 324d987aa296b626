import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { makeStyles, tokens } from "@fluentui/react-components";
import type { AddinSettings } from "../../office";
import type { OutboxStatus, TouchbaseEngine } from "../../sync";
import type { HostPort } from "../ports";
import { usePane } from "../use-pane";
import { EmptyView, ErrorView, LoadingView, SignedOutView } from "./StateViews";
import { FolderSyncPanel } from "./FolderSyncPanel";
import { EmailPrivacyAction } from "./HistoryList";
import { MessageView } from "./MessageView";
import { NoticeBar } from "./NoticeBar";
import { OutboxBanner, serverUnreachable } from "./OutboxBanner";
import { SelectionView } from "./SelectionView";

// The email viewer carries DOMPurify; it loads the first time someone opens an email from the history.
const EmailViewer = lazy(() => import(/* webpackChunkName: "email-viewer" */ "../email-viewer/EmailViewer"));

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

/** The outbox's status, counting the browser's own offline signal too (the outbox learns it only on a send). */
function useOutboxStatus(touchbase: TouchbaseEngine): OutboxStatus {
  const [status, setStatus] = useState(() => touchbase.outbox.status());
  const [browserOnline, setBrowserOnline] = useState(() => navigator.onLine !== false);
  useEffect(() => {
    setStatus(touchbase.outbox.status());
    return touchbase.outbox.subscribe(setStatus);
  }, [touchbase]);
  useEffect(() => {
    const update = () => setBrowserOnline(navigator.onLine !== false);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return browserOnline ? status : { ...status, online: false };
}

export interface MainPaneProps {
  host: HostPort;
  touchbase: TouchbaseEngine;
  settings: AddinSettings;
  /** Signs in again (the server stopped accepting the session: the pane shows Sign in). */
  onSignIn: () => void;
}

/** The pane for a connected user: outbox state, the last action's result, the message (or selection), folder sync. */
export function MainPane({ host, touchbase, settings, onSignIn }: MainPaneProps) {
  const styles = useStyles();
  const { view, notice, busy, actions } = usePane(host, touchbase, {
    autoSyncOnOpen: settings.autoSyncOnOpen,
  });
  const outbox = useOutboxStatus(touchbase);
  // A folder sync that ends (even one started before an email or Settings was opened) may change the open
  // message's state.
  const { reload } = actions;
  useEffect(() => touchbase.folderSync?.onFinished(() => void reload()), [touchbase, reload]);
  const [openEmail, setOpenEmail] = useState<string | null>(null);
  const { showError } = actions;
  const privacyAction = useCallback(
    (emailId: string, makePrivate: boolean) =>
      void touchbase.api
        .setEmailPrivate({ id: emailId, private: makePrivate })
        .then(() => reload(), showError),
    [touchbase, reload, showError],
  );
  const loadEmail = useCallback(() => touchbase.api.email(openEmail ?? ""), [touchbase, openEmail]);

  if (openEmail) {
    return (
      <Suspense fallback={<LoadingView label="Opening the email…" />}>
        <EmailViewer load={loadEmail} onBack={() => setOpenEmail(null)} />
      </Suspense>
    );
  }

  return (
    <div className={styles.root} data-testid="pane" data-view={view.kind}>
      <OutboxBanner
        status={outbox}
        onRetry={() => void touchbase.outbox.drain({ retryNow: true }).catch(() => undefined)}
      />
      {notice && <NoticeBar notice={notice} onDismiss={actions.dismissNotice} onError={actions.showError} />}
      {view.kind === "loading" && <LoadingView />}
      {view.kind === "empty" && <EmptyView />}
      {view.kind === "error" && <ErrorView message={view.message} onRetry={() => void actions.reload()} />}
      {view.kind === "signed-out" && <SignedOutView message={view.message} onSignIn={onSignIn} />}
      {view.kind === "selection" && (
        <SelectionView
          items={view.items}
          busy={busy === "sync-selected"}
          supported={host.supportsMultiSelect}
          onSync={() => void actions.syncSelected(view.items)}
        />
      )}
      {view.kind === "message" && (
        <EmailPrivacyAction.Provider value={privacyAction}>
          <MessageView
            model={view.model}
            lookupError={view.lookupError}
            offline={serverUnreachable(outbox)}
            busy={busy}
            onSync={() => void actions.sync(view.model)}
            onRemove={(emailId) => void actions.remove(view.model, emailId)}
            onExclude={(input) => void actions.exclude(input)}
            onOpenEmail={setOpenEmail}
          />
        </EmailPrivacyAction.Provider>
      )}
      {view.kind !== "signed-out" && (
        <FolderSyncPanel
          folders={touchbase.folders}
          controller={touchbase.folderSync}
          restId={view.kind === "message" ? view.model.restId : null}
          chosen={settings.folders}
          lookbackDays={settings.lookbackDays}
        />
      )}
    </div>
  );
}
