import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError, normalizeMessageId, type EmailInput, type LookupResponse } from "../../../shared";
import { describeError, isAuthError } from "./errors";
import type { SelectedMessage, SelectionChange } from "../office";
import type { ExcludeResult, SyncMessagesResult } from "../sync";
import { localModel, withLookup, withoutLookup, type MessageModel } from "./pane-model";
import type { HostPort, TouchbasePort } from "./ports";
import { reasonSentence } from "./format";
import { messageIdSha256 } from "./message-hash";

export type PaneView =
  | { kind: "loading" }
  | { kind: "empty" }
  | { kind: "error"; message: string }
  | { kind: "signed-out"; message: string }
  | { kind: "message"; model: MessageModel; lookupError: string | null }
  | { kind: "selection"; items: SelectedMessage[] };

/** A sentence shown above the content after an action, optionally with an undo. */
export interface Notice {
  id: number;
  intent: "success" | "info" | "warning" | "error";
  text: string;
  undo?: () => Promise<void>;
}

/** Messages whose last `/lookup` answer is kept for an instant card on the next visit. */
const LOOKUP_CACHE_SIZE = 300;

function syncSentence(result: SyncMessagesResult, count: number): { intent: Notice["intent"]; text: string } {
  const by = (status: string) => result.outcomes.filter((o) => o.status === status).length;
  const parts: string[] = [];
  const stored = by("stored");
  if (stored) parts.push(`${stored} synced`);
  if (by("duplicate")) parts.push(`${by("duplicate")} already synced`);
  if (by("queued")) parts.push(`${by("queued")} waiting to upload`);
  const notCustomer = result.notSent.length + by("not-customer");
  if (notCustomer) parts.push(`${notCustomer} not customer email${notCustomer === 1 ? "" : "s"}`);
  if (by("excluded")) parts.push(`${by("excluded")} excluded`);
  if (by("invalid")) parts.push(`${by("invalid")} rejected by the server`);
  const text = parts.length ? `${parts.join(", ")}.` : `Nothing to sync in ${count} messages.`;
  if (result.error) return { intent: "warning", text: `${text} ${result.error.message}` };
  return {
    intent: by("invalid") ? "warning" : "success",
    text: text.charAt(0).toUpperCase() + text.slice(1),
  };
}

/**
 * The pane's controller: follows the selection and classifies each message locally with the cached customer
 * index. Mail that is not customer mail (a stranger, a newsletter, colleagues only, an excluded sender…) is
 * shown from that alone, with no request to the backend at all. Customer mail is completed with `/lookup`
 * (cached per message, revalidated on every visit), which gets only the customer participants' addresses and
 * the SHA-256 of the Message-ID.
 */
export function usePane(host: HostPort, touchbase: TouchbasePort, options: { autoSyncOnOpen: boolean }) {
  const [view, setView] = useState<PaneView>({ kind: "loading" });
  // The latest view for event handlers registered once (the ribbon's uploads).
  const viewRef = useRef(view);
  useEffect(() => {
    viewRef.current = view;
  });
  const [notice, setNoticeState] = useState<Notice | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const generation = useRef(0);
  const lookups = useRef(new Map<string, LookupResponse>());
  const pending = useRef(new Set<string>());
  const autoSynced = useRef(new Set<string>());
  const noticeId = useRef(0);
  const lastChange = useRef<SelectionChange>({ kind: "item" });
  const loadingItem = useRef<string | null>(null);

  const setNotice = useCallback((n: Omit<Notice, "id"> | null) => {
    setNoticeState(n ? { ...n, id: ++noticeId.current } : null);
  }, []);

  const load = useCallback(
    async (change: SelectionChange = lastChange.current) => {
      // Outlook fires SelectedItemsChanged next to ItemChanged for a one-message selection: same item, no reload.
      if (
        change.kind === "selection" &&
        change.items.length === 1 &&
        change.items[0].itemId === loadingItem.current
      ) {
        return;
      }
      if (change !== lastChange.current) {
        // A new message: results of the last action go, an offer to undo stays until used or dismissed.
        setNoticeState((n) => (n && !n.undo ? null : n));
      }
      lastChange.current = change;
      loadingItem.current = host.currentItemId();
      const gen = ++generation.current;
      const stale = () => gen !== generation.current;
      try {
        if (change.kind === "selection" && change.items.length > 1) {
          setView({ kind: "selection", items: change.items });
          return;
        }
        const message = await host.readCurrent();
        if (stale()) return;
        if (!message) {
          const items = host.supportsMultiSelect ? await host.selectedItems() : [];
          if (stale()) return;
          setView(items.length > 1 ? { kind: "selection", items } : { kind: "empty" });
          return;
        }
        let local = touchbase.index.current();
        if (!local) {
          // No index on this computer yet (it is fetched when the session opens): nothing can be decided
          // without it. The request carries nothing about the message.
          setView({ kind: "loading" });
          await touchbase.index.refresh();
          if (stale()) return;
          local = touchbase.index.current();
          if (!local)
            throw new ApiError("no_index", "Touchbase could not load your customers. Try again.", 0);
        }
        const base = localModel(message, local, host.viewer());
        if (!base.related) {
          // Not customer mail: decided here, shown from local data, and nothing about it leaves Outlook.
          setView({ kind: "message", model: base, lookupError: null });
          return;
        }
        // Cheap when fresh (the cache checks the server at most once a minute, with If-None-Match).
        void touchbase.index.refresh().catch(() => undefined);
        const key = `${base.messageId}\n${base.lookupEmails.join(",")}`;
        const cached = lookups.current.get(key);
        const isPending = pending.current.has(base.messageId);
        setView({
          kind: "message",
          model: cached ? withLookup(base, cached, isPending) : base,
          lookupError: null,
        });
        if (base.lookupEmails.length === 0) return;
        let lookup: LookupResponse;
        try {
          lookup = await touchbase.lookup({
            emails: base.lookupEmails,
            messageIdSha256: await messageIdSha256(base.messageId),
          });
        } catch (error) {
          if (stale()) return;
          if (isAuthError(error)) {
            setView({ kind: "signed-out", message: describeError(error) });
            return;
          }
          setView({
            kind: "message",
            model: cached ? withLookup(base, cached, isPending) : withoutLookup(base, isPending),
            lookupError: describeError(error),
          });
          return;
        }
        if (stale()) return;
        lookups.current.delete(key); // re-inserted last: the map keeps the most recently seen messages
        lookups.current.set(key, lookup);
        if (lookups.current.size > LOOKUP_CACHE_SIZE)
          lookups.current.delete(lookups.current.keys().next().value!);
        const model = withLookup(base, lookup, pending.current.has(base.messageId));
        setView({ kind: "message", model, lookupError: null });
        if (
          options.autoSyncOnOpen &&
          model.state.kind === "not-synced" &&
          !autoSynced.current.has(model.messageId)
        ) {
          autoSynced.current.add(model.messageId);
          void syncOpen(model, gen);
        }
      } catch (error) {
        if (stale()) return;
        setView(
          isAuthError(error)
            ? { kind: "signed-out", message: describeError(error) }
            : { kind: "error", message: describeError(error) },
        );
      }
    },
    // syncOpen is declared below and only reads refs and stable ports.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [host, touchbase, options.autoSyncOnOpen],
  );

  const forget = (messageId: string) => {
    for (const key of lookups.current.keys())
      if (key.startsWith(`${messageId}\n`)) lookups.current.delete(key);
  };

  async function syncOpen(model: MessageModel, gen = generation.current) {
    setBusy("sync");
    try {
      const open = await host.readCurrentWithBody();
      const result = await touchbase.syncMessages([open.email], "open");
      const outcome = result.outcomes[0];
      forget(model.messageId);
      if (result.notSent.length) {
        setNotice({ intent: "info", text: `Not synced: ${reasonSentence(result.notSent[0].reason)}` });
      } else if (outcome?.status === "queued") {
        pending.current.add(model.messageId);
        // The outbox banner says why it is waiting; this says only what happened to this email.
        setNotice({
          intent: "info",
          text: "Saved on this computer; it uploads as soon as Touchbase is reachable.",
        });
      } else if (outcome?.status === "stored" || outcome?.status === "duplicate") {
        setNotice({
          intent: "success",
          text: outcome.status === "stored" ? "Synced to Touchbase." : "Already in Touchbase.",
        });
      } else if (outcome) {
        setNotice({
          intent: "warning",
          text: `The server did not store it: ${outcome.reason ?? outcome.status}.`,
        });
      }
      if (gen === generation.current) await load();
    } catch (error) {
      setNotice({ intent: "error", text: describeError(error) });
    } finally {
      setBusy(null);
    }
  }

  const actions = useMemo(
    () => ({
      reload: () => load(),
      sync: (model: MessageModel) => syncOpen(model),
      async remove(model: MessageModel, emailId: string) {
        setBusy("remove");
        try {
          await touchbase.removeFromTouchbase(emailId);
          forget(model.messageId);
          pending.current.delete(model.messageId);
          autoSynced.current.add(model.messageId); // do not put it straight back
          setNotice({ intent: "success", text: "Removed from Touchbase." });
          await load();
        } catch (error) {
          setNotice({ intent: "error", text: describeError(error) });
        } finally {
          setBusy(null);
        }
      },
      async exclude(input: { kind: "address" | "domain"; value: string; purge: boolean }) {
        setBusy("exclude");
        try {
          const result: ExcludeResult = await touchbase.exclude(input);
          lookups.current.clear();
          const purged = result.purged
            ? ` ${result.purged} stored email${result.purged === 1 ? " was" : "s were"} deleted (undo does not bring ${result.purged === 1 ? "it" : "them"} back).`
            : "";
          setNotice({
            intent: "success",
            text: `${input.value} is excluded: Touchbase will not store their emails.${purged}`,
            undo: async () => {
              await result.undo();
              lookups.current.clear();
              setNotice({ intent: "info", text: `${input.value} is no longer excluded.` });
              await load();
            },
          });
          await load();
        } catch (error) {
          setNotice({ intent: "error", text: describeError(error) });
        } finally {
          setBusy(null);
        }
      },
      async syncSelected(items: SelectedMessage[]) {
        setBusy("sync-selected");
        try {
          let emails: EmailInput[];
          let failed: number;
          if (host.canLoadItemsById) {
            const read = await host.readSelected(items.map((i) => i.itemId));
            emails = read.flatMap((r) => (r.message ? [r.message.email] : []));
            failed = read.length - emails.length;
          } else {
            // Mailbox 1.13–1.14: Office.js can list the selection but not open it; Graph reads the messages.
            const restIds = items.map((i) => host.restIdOf(i.itemId));
            const known = restIds.filter((id): id is string => id !== null);
            const fetched = known.length ? await touchbase.fetchEmails(known) : { emails: [], missing: [] };
            emails = fetched.emails;
            failed = items.length - emails.length;
          }
          const result: SyncMessagesResult = emails.length
            ? await touchbase.syncMessages(emails, "selection")
            : { outcomes: [], notSent: [], error: null };
          lookups.current.clear();
          const summary = syncSentence(result, items.length);
          const unread = failed ? ` ${failed} could not be read from Outlook.` : "";
          setNotice({ intent: failed ? "warning" : summary.intent, text: summary.text + unread });
        } catch (error) {
          setNotice({ intent: "error", text: describeError(error) });
        } finally {
          setBusy(null);
        }
      },
      dismissNotice: () => setNotice(null),
      showError: (error: unknown) => setNotice({ intent: "error", text: describeError(error) }),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [host, touchbase, load, setNotice],
  );

  useEffect(() => {
    void load({ kind: "item" });
    const off = host.onSelectionChanged((change) => void load(change));
    const offIndex = touchbase.index.subscribe(() => {
      lookups.current.clear();
      void load();
    });
    const offElsewhere = touchbase.onSyncedElsewhere(({ messageIds }) => {
      // The ribbon (another frame) uploaded emails: forget what was known about them; if the open message is one
      // of them, show its new state.
      const uploaded = new Set(messageIds.map((id) => normalizeMessageId(id)));
      let openOne = false;
      for (const key of [...lookups.current.keys()]) {
        const id = key.slice(0, key.indexOf("\n"));
        if (uploaded.has(normalizeMessageId(id))) {
          lookups.current.delete(key);
          pending.current.delete(id);
        }
      }
      const open = viewRef.current;
      if (open?.kind === "message" && uploaded.has(normalizeMessageId(open.model.messageId))) openOne = true;
      if (openOne) void load();
    });
    const offOutbox = touchbase.outbox.subscribe((status) => {
      // Emails this pane queued have drained: ask the server again so their state turns to "synced".
      if (status.pending === 0 && pending.current.size > 0) {
        for (const id of pending.current) forget(id);
        pending.current.clear();
        void load();
      }
    });
    return () => {
      generation.current += 1;
      off();
      offIndex();
      offElsewhere();
      offOutbox();
    };
  }, [host, touchbase, load]);

  return { view, notice, busy, actions };
}
