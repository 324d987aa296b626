import { toEwsId } from "./fake-office/fake-office";
import type { HarnessAddress, HarnessItem } from "./fake-office/harness-host";

// The harness's view of the simulated mailbox, through the Graph simulator's control API (`/_sim/*`): the
// harness plays Outlook, which has its own access to the mailbox; the add-in itself only uses Graph.

export interface SimFolderInfo {
  id: string;
  displayName: string;
  parentFolderId: string | null;
  wellKnownName: string | null;
  totalItemCount: number;
}

export interface SimMessageSummary {
  id: string;
  folderId: string;
  internetMessageId: string;
  subject: string;
  from: HarnessAddress;
  to: HarnessAddress[];
  cc: HarnessAddress[];
  receivedDateTime: string;
  conversationId: string;
  isRead: boolean;
}

interface SimMessageFull extends SimMessageSummary {
  body: { contentType: "html" | "text"; content: string };
  internetMessageHeaders: { name: string; value: string }[];
}

class NotFoundError extends Error {}

export class SimulatorClient {
  /** `graphUrl` is the simulator's `/v1.0` base; control routes live at its origin. */
  constructor(
    graphUrl: string,
    readonly mailbox: string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {
    this.origin = new URL(graphUrl).origin;
  }
  private readonly origin: string;

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.origin}${path}`, init);
    } catch {
      // The backend starts the simulator and stops it with itself: a dead backend looks like this.
      throw new Error(
        "The mailbox could not be reached: the Graph simulator stopped (it runs with the backend). Restart `npm start`, then Retry.",
      );
    }
    if (response.status === 404) throw new NotFoundError(`The Graph simulator has no ${path.split("?")[0]}.`);
    if (!response.ok) {
      let message = `The Graph simulator answered ${response.status}.`;
      try {
        const body = (await response.json()) as { error?: { message?: string } };
        if (body.error?.message) message = `The Graph simulator says: ${body.error.message}`;
      } catch {
        // keep the status sentence
      }
      throw new Error(message);
    }
    return (await response.json()) as T;
  }

  async folders(): Promise<SimFolderInfo[]> {
    const boxes = await this.json<{ owner: HarnessAddress; folders: SimFolderInfo[] }[]>("/_sim/mailboxes");
    const box = boxes.find((b) => b.owner.address.toLowerCase() === this.mailbox.toLowerCase());
    if (!box) throw new Error(`The Graph simulator has no mailbox ${this.mailbox}.`);
    return box.folders;
  }

  messages(folderId: string): Promise<SimMessageSummary[]> {
    const q = new URLSearchParams({ mailbox: this.mailbox, folder: folderId });
    return this.json(`/_sim/messages?${q}`);
  }

  async item(restId: string): Promise<HarnessItem | null> {
    const q = new URLSearchParams({ mailbox: this.mailbox });
    let m: SimMessageFull;
    try {
      m = await this.json<SimMessageFull>(`/_sim/messages/${encodeURIComponent(restId)}?${q}`);
    } catch (error) {
      if (error instanceof NotFoundError) return null; // deleted or moved: Outlook opens nothing either
      throw error;
    }
    return toHarnessItem(m);
  }
}

const header = (m: SimMessageFull, name: string) =>
  m.internetMessageHeaders.find((h) => h.name.toLowerCase() === name)?.value ?? "";

/** HTML → the plain text Outlook's `body.getAsync(Text)` gives, near enough: blocks become line breaks. */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, "text/html");
  doc.querySelectorAll("script, style, head").forEach((n) => n.remove());
  doc.querySelectorAll("br").forEach((n) => n.replaceWith("\n"));
  doc.querySelectorAll("p, div, li, tr, h1, h2, h3, h4, blockquote").forEach((n) => n.append("\n"));
  return (doc.body.textContent ?? "").replace(/\n{3,}/g, "\n\n").trim();
}

export function toHarnessItem(m: SimMessageFull): HarnessItem {
  const isHtml = m.body.contentType === "html";
  const contentType = header(m, "content-type").toLowerCase();
  const meeting =
    contentType.includes("text/calendar") || /calendarmessage/i.test(header(m, "content-class"));
  return {
    itemId: toEwsId(m.id),
    restId: m.id,
    internetMessageId: m.internetMessageId,
    conversationId: m.conversationId,
    subject: m.subject,
    from: m.from,
    sender: m.from,
    to: m.to,
    cc: m.cc,
    dateTimeCreated: m.receivedDateTime,
    itemClass: meeting ? "IPM.Schedule.Meeting.Request" : "IPM.Note",
    body: {
      html: isHtml ? m.body.content : null,
      text: isHtml ? htmlToText(m.body.content) : m.body.content,
    },
    headers: m.internetMessageHeaders.map((h) => `${h.name}: ${h.value}`).join("\r\n") + "\r\n",
  };
}
