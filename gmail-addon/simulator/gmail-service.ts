// GmailApp over the simulated Mailbox, with Apps Script's access rules: the message the user opened is readable
// only after GmailApp.setCurrentMessageAccessToken(e.gmail.accessToken); anything else needs a Gmail read scope;
// bodies need more than the metadata scope. Every call is counted and costs modelled time (latency-model.ts):
// loading messages (by id, per thread or for many threads at once) brings their summary — id, sender,
// recipients, subject, date — so those getters are local; a message's header block and its body are each
// fetched on first use and answered locally afterwards.
import { exception } from "./apps-script-error";
import type { Mailbox, SimMessage, SimThread } from "./mailbox";
import { requireScope, SCOPES } from "./scopes";
import { BODY_LOAD_MS, latencyOf, LOCAL_MS, ROUND_TRIP_MS } from "./latency-model";
import type { DailyQuotas } from "./daily-quotas";
import type { ServiceMeter } from "./service-meter";

export interface CurrentMessage {
  messageId: string;
  threadId: string;
  accessToken: string;
  tokenSet: boolean;
}

export interface GmailDeps {
  mailbox: Mailbox;
  meter: ServiceMeter;
  /** Every call that reaches Gmail counts against "Email read/write"; a batch load counts each message. */
  quotas: DailyQuotas;
  scopes: ReadonlySet<string>;
  /** Set by the simulator for executions started from an opened message. */
  current: () => CurrentMessage | null;
  makeDate: (ms: number) => Date;
}

const READ_SCOPES = [SCOPES.gmailReadonly, SCOPES.gmailFull];
/** Counted beside the calls: how many messages had their header block, or their body, fetched. */
export const HEADER_FETCH = "(fetches) message header blocks";
export const BODY_FETCH = "(fetches) message bodies";
const MAX_THREADS_PER_CALL = 500;

export function createGmailApp(deps: GmailDeps) {
  const { mailbox, meter, quotas, scopes, current, makeDate } = deps;
  const local = (kind: string) => meter.call(kind, LOCAL_MS);
  /** A call that reaches Gmail: counted against the daily quota (`reads` of it), and its round trip modelled. */
  const read = (kind: string, items?: number, reads = 1) => {
    quotas.take("gmail", reads);
    meter.call(kind, latencyOf(kind, items));
  };

  /** Whether the script may read this thread through the opened message's token. */
  const viaToken = (threadId: string) => {
    const c = current();
    return c !== null && c.tokenSet && c.threadId === threadId;
  };

  const canRead = (threadId: string, method: string) => {
    if (viaToken(threadId)) return;
    const c = current();
    if (c !== null && c.threadId === threadId) {
      throw exception("Access denied: Missing access token for per message scope authorization.");
    }
    requireScope(scopes, method, ...READ_SCOPES);
  };

  const canReadBody = (threadId: string, method: string) => {
    if (READ_SCOPES.some((s) => scopes.has(s))) return canRead(threadId, method);
    if (viaToken(threadId) && scopes.has(SCOPES.currentMessageReadonly)) return;
    throw exception(
      `Access denied: ${method} needs ${SCOPES.currentMessageReadonly} or ${SCOPES.gmailReadonly}.`,
    );
  };

  const message = (m: SimMessage) => {
    let headersLoaded = false;
    let bodyLoaded = false;
    const header = (name: string) => {
      if (headersLoaded) local("GmailMessage.getHeader");
      else {
        quotas.take("gmail");
        meter.call("GmailMessage.getHeader", ROUND_TRIP_MS);
        meter.count(HEADER_FETCH);
      }
      headersLoaded = true;
      return mailbox.header(m, String(name));
    };
    const body = (kind: string) => {
      if (bodyLoaded) local(kind);
      else {
        quotas.take("gmail");
        meter.call(kind, BODY_LOAD_MS);
        meter.count(BODY_FETCH);
      }
      canReadBody(m.threadId, kind);
      bodyLoaded = true;
    };
    return {
      getId: () => (local("GmailMessage.getId"), m.id),
      getThread: () => (local("GmailMessage.getThread"), thread(mailbox.threads.get(m.threadId)!)),
      getFrom: () => (local("GmailMessage.getFrom"), m.from),
      getTo: () => (local("GmailMessage.getTo"), m.to),
      getCc: () => (local("GmailMessage.getCc"), m.cc),
      getBcc: () => (local("GmailMessage.getBcc"), m.bcc),
      getReplyTo: () => (local("GmailMessage.getReplyTo"), mailbox.header(m, "Reply-To")),
      getSubject: () => (local("GmailMessage.getSubject"), m.subject),
      getDate: () => (local("GmailMessage.getDate"), makeDate(m.date)),
      isDraft: () => (local("GmailMessage.isDraft"), m.isDraft),
      isInTrash: () => false,
      getHeader: header,
      getRawContent: () => {
        read("GmailMessage.getRawContent");
        canReadBody(m.threadId, "GmailMessage.getRawContent");
        return m.raw ?? "";
      },
      getPlainBody: () => {
        body("GmailMessage.getPlainBody");
        return (
          m.text ||
          m.html
            .replace(/<[^>]*>/g, " ")
            .replace(/\s+/g, " ")
            .trim()
        );
      },
      getBody: () => {
        body("GmailMessage.getBody");
        return m.html || m.text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\n/g, "<br>");
      },
      getAttachments: () => {
        body("GmailMessage.getAttachments");
        return m.attachments.map((a) => ({
          getName: () => a.name,
          getContentType: () => a.contentType,
          getSize: () => a.size,
        }));
      },
    };
  };

  const messagesOf = (t: SimThread) => t.messageIds.map((id) => message(mailbox.messages.get(id)!));

  const thread = (t: SimThread) => ({
    getId: () => (local("GmailThread.getId"), t.id),
    getMessages: () => {
      read("GmailThread.getMessages", t.messageIds.length, t.messageIds.length);
      canRead(t.id, "GmailThread.getMessages");
      return messagesOf(t);
    },
    getMessageCount: () => (local("GmailThread.getMessageCount"), t.messageIds.length),
    getLastMessageDate: () => (local("GmailThread.getLastMessageDate"), makeDate(mailbox.lastDate(t))),
    getFirstMessageSubject: () => (
      local("GmailThread.getFirstMessageSubject"),
      mailbox.messages.get(t.messageIds[0])!.subject
    ),
    getLabels: () => (local("GmailThread.getLabels"), [...t.labels].map(label)),
  });

  const label = (name: string) => ({
    getName: () => (local("GmailLabel.getName"), name),
    getThreads(start = 0, max = MAX_THREADS_PER_CALL) {
      requireScope(scopes, "GmailLabel.getThreads", ...READ_SCOPES);
      if (max > MAX_THREADS_PER_CALL)
        throw exception(`Argument max cannot be more than ${MAX_THREADS_PER_CALL}.`);
      const page = mailbox.threadsWithLabel(name).slice(start, start + max);
      read("GmailLabel.getThreads", page.length);
      return page.map(thread);
    },
  });

  return {
    setCurrentMessageAccessToken(token: string) {
      meter.count("GmailApp.setCurrentMessageAccessToken");
      const c = current();
      if (!c || token !== c.accessToken) throw exception("Invalid argument: accessToken");
      c.tokenSet = true;
    },
    getMessageById(id: string) {
      read("GmailApp.getMessageById");
      const m = mailbox.messages.get(String(id));
      if (!m) throw exception(`Invalid argument: id`);
      canRead(m.threadId, "GmailApp.getMessageById");
      return message(m);
    },
    getThreadById(id: string) {
      read("GmailApp.getThreadById");
      const t = mailbox.threads.get(String(id));
      if (!t) return null;
      canRead(t.id, "GmailApp.getThreadById");
      return thread(t);
    },
    getMessagesForThreads(threads: { getId(): string }[]) {
      if (!Array.isArray(threads)) throw exception("Invalid argument: threads");
      const sims = threads.map((t) => mailbox.threads.get(String(t.getId()))!);
      const loaded = sims.reduce((n, sim) => n + sim.messageIds.length, 0);
      read("GmailApp.getMessagesForThreads", loaded, loaded);
      return sims.map((sim) => {
        canRead(sim.id, "GmailApp.getMessagesForThreads");
        return messagesOf(sim);
      });
    },
    getUserLabels() {
      read("GmailApp.getUserLabels");
      requireScope(scopes, "GmailApp.getUserLabels", ...READ_SCOPES, SCOPES.gmailLabels);
      return [...mailbox.labels].sort().map(label);
    },
    getUserLabelByName(name: string) {
      read("GmailApp.getUserLabelByName");
      requireScope(scopes, "GmailApp.getUserLabelByName", ...READ_SCOPES, SCOPES.gmailLabels);
      return mailbox.labels.has(String(name)) ? label(String(name)) : null;
    },
  };
}
