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
  scopes: ReadonlySet<string>;
  /** Set by the simulator for executions started from an opened message. */
  current: () => CurrentMessage | null;
  makeDate: (ms: number) => Date;
}

const READ_SCOPES = [SCOPES.gmailReadonly, SCOPES.gmailFull];
const MAX_THREADS_PER_CALL = 500;

export function createGmailApp(deps: GmailDeps) {
  const { mailbox, meter, scopes, current, makeDate } = deps;
  const call = (kind: string, items?: number) => meter.call(kind, latencyOf(kind, items));

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
      meter.call("GmailMessage.getHeader", headersLoaded ? LOCAL_MS : ROUND_TRIP_MS);
      headersLoaded = true;
      return mailbox.header(m, String(name));
    };
    const body = (kind: string) => {
      meter.call(kind, bodyLoaded ? LOCAL_MS : BODY_LOAD_MS);
      canReadBody(m.threadId, kind);
      bodyLoaded = true;
    };
    return {
      getId: () => (call("GmailMessage.getId"), m.id),
      getThread: () => (call("GmailMessage.getThread"), thread(mailbox.threads.get(m.threadId)!)),
      getFrom: () => (call("GmailMessage.getFrom"), m.from),
      getTo: () => (call("GmailMessage.getTo"), m.to),
      getCc: () => (call("GmailMessage.getCc"), m.cc),
      getBcc: () => (call("GmailMessage.getBcc"), m.bcc),
      getReplyTo: () => (call("GmailMessage.getReplyTo"), mailbox.header(m, "Reply-To")),
      getSubject: () => (call("GmailMessage.getSubject"), m.subject),
      getDate: () => (call("GmailMessage.getDate"), makeDate(m.date)),
      isDraft: () => (call("GmailMessage.isDraft"), m.isDraft),
      isInTrash: () => false,
      getHeader: header,
      getRawContent: () => {
        call("GmailMessage.getRawContent");
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
    getId: () => (call("GmailThread.getId"), t.id),
    getMessages: () => {
      call("GmailThread.getMessages", t.messageIds.length);
      canRead(t.id, "GmailThread.getMessages");
      return messagesOf(t);
    },
    getMessageCount: () => (call("GmailThread.getMessageCount"), t.messageIds.length),
    getLastMessageDate: () => (call("GmailThread.getLastMessageDate"), makeDate(mailbox.lastDate(t))),
    getFirstMessageSubject: () => (
      call("GmailThread.getFirstMessageSubject"),
      mailbox.messages.get(t.messageIds[0])!.subject
    ),
    getLabels: () => (call("GmailThread.getLabels"), [...t.labels].map(label)),
  });

  const label = (name: string) => ({
    getName: () => (call("GmailLabel.getName"), name),
    getThreads(start = 0, max = MAX_THREADS_PER_CALL) {
      requireScope(scopes, "GmailLabel.getThreads", ...READ_SCOPES);
      if (max > MAX_THREADS_PER_CALL)
        throw exception(`Argument max cannot be more than ${MAX_THREADS_PER_CALL}.`);
      const page = mailbox.threadsWithLabel(name).slice(start, start + max);
      call("GmailLabel.getThreads", page.length);
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
      call("GmailApp.getMessageById");
      const m = mailbox.messages.get(String(id));
      if (!m) throw exception(`Invalid argument: id`);
      canRead(m.threadId, "GmailApp.getMessageById");
      return message(m);
    },
    getThreadById(id: string) {
      call("GmailApp.getThreadById");
      const t = mailbox.threads.get(String(id));
      if (!t) return null;
      canRead(t.id, "GmailApp.getThreadById");
      return thread(t);
    },
    getMessagesForThreads(threads: { getId(): string }[]) {
      if (!Array.isArray(threads)) throw exception("Invalid argument: threads");
      const sims = threads.map((t) => mailbox.threads.get(String(t.getId()))!);
      call(
        "GmailApp.getMessagesForThreads",
        sims.reduce((n, sim) => n + sim.messageIds.length, 0),
      );
      return sims.map((sim) => {
        canRead(sim.id, "GmailApp.getMessagesForThreads");
        return messagesOf(sim);
      });
    },
    getUserLabels() {
      call("GmailApp.getUserLabels");
      requireScope(scopes, "GmailApp.getUserLabels", ...READ_SCOPES, SCOPES.gmailLabels);
      return [...mailbox.labels].sort().map(label);
    },
    getUserLabelByName(name: string) {
      call("GmailApp.getUserLabelByName");
      requireScope(scopes, "GmailApp.getUserLabelByName", ...READ_SCOPES, SCOPES.gmailLabels);
      return mailbox.labels.has(String(name)) ? label(String(name)) : null;
    },
  };
}
