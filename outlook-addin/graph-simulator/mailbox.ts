// The simulator's data: one mailbox's folders and messages, plus a change log that delta queries replay.
import { randomBytes } from "node:crypto";

export interface SimAddress {
  name: string;
  address: string;
}

export interface SimMessage {
  /** The immutable id (`Prefer: IdType="ImmutableId"`): it stays the same for the message's life. */
  id: string;
  /** The regular id Graph gives without that header: it changes each time the message moves to another folder. */
  regularId: string;
  folderId: string;
  internetMessageId: string;
  subject: string;
  from: SimAddress;
  to: SimAddress[];
  cc: SimAddress[];
  /** Graph shows Bcc on messages the mailbox owner sent (Sent Items), never on received ones. */
  bcc?: SimAddress[];
  receivedDateTime: string;
  sentDateTime: string;
  conversationId: string;
  body: { contentType: "html" | "text"; content: string };
  internetMessageHeaders: { name: string; value: string }[];
  isDraft: boolean;
  isRead: boolean;
  changeKey: string;
  lastModifiedDateTime: string;
  /**
   * Set for meeting messages, which Graph returns as the derived type `eventMessage` (`@odata.type`
   * `#microsoft.graph.eventMessage`); the property itself exists only on that type.
   */
  meetingMessageType?: MeetingMessageType;
  /** Ground truth for tests: what the generator meant this message to be. Never sent to clients. */
  kind?: "customer" | "stranger" | "internal" | "bulk" | "meeting" | "fixture";
}

/** Graph's `meetingMessageType` values (eventMessage). */
export type MeetingMessageType =
  "meetingRequest" | "meetingCancelled" | "meetingAccepted" | "meetingTenativelyAccepted" | "meetingDeclined";

export interface SimFolder {
  id: string;
  displayName: string;
  parentFolderId: string | null;
  /** `inbox`, `sentitems`… — Graph accepts these in place of the id. */
  wellKnownName: string | null;
}

export interface ChangeRecord {
  seq: number;
  messageId: string;
  /** Folders whose delta must report this change (a move touches both). */
  folderIds: string[];
}

/** Graph ids are URL-safe base64 (REST form); the EWS form Office.js shows swaps `-`→`/` and `_`→`+`. */
export function newId(prefix = "AAMk"): string {
  return prefix + randomBytes(24).toString("base64url");
}

export class Mailbox {
  readonly folders = new Map<string, SimFolder>();
  readonly messages = new Map<string, SimMessage>();
  private readonly log: ChangeRecord[] = [];
  private sequence = 0;
  /** Current regular id → immutable id. */
  private readonly regularIds = new Map<string, string>();
  /** The regular id each message had in each folder it left, which that folder's delta reports it removed as. */
  private readonly formerIds = new Map<string, Map<string, string>>();

  constructor(readonly owner: SimAddress) {
    const root = newId("AQMk");
    this.folders.set(root, {
      id: root,
      displayName: "Top of Information Store",
      parentFolderId: null,
      wellKnownName: "msgfolderroot",
    });
    for (const [wellKnownName, displayName] of [
      ["inbox", "Inbox"],
      ["sentitems", "Sent Items"],
      ["drafts", "Drafts"],
      ["deleteditems", "Deleted Items"],
      ["junkemail", "Junk Email"],
      ["archive", "Archive"],
    ] as const) {
      this.addFolder(displayName, root, wellKnownName);
    }
  }

  get seq(): number {
    return this.sequence;
  }

  get rootId(): string {
    return [...this.folders.values()].find((f) => f.wellKnownName === "msgfolderroot")!.id;
  }

  addFolder(
    displayName: string,
    parentFolderId: string | null,
    wellKnownName: string | null = null,
  ): SimFolder {
    const folder = {
      id: newId("AQMk"),
      displayName,
      parentFolderId: parentFolderId ?? this.rootId,
      wellKnownName,
    };
    this.folders.set(folder.id, folder);
    return folder;
  }

  /** A folder by id or well-known name (case-insensitive, as Graph accepts). */
  folder(idOrName: string): SimFolder | undefined {
    const direct = this.folders.get(idOrName);
    if (direct) return direct;
    const lower = idOrName.toLowerCase();
    return [...this.folders.values()].find((f) => f.wellKnownName === lower);
  }

  children(folderId: string): SimFolder[] {
    return [...this.folders.values()].filter((f) => f.parentFolderId === folderId);
  }

  messagesIn(folderId: string): SimMessage[] {
    const out: SimMessage[] = [];
    for (const m of this.messages.values()) if (m.folderId === folderId) out.push(m);
    return out;
  }

  /** A message by its immutable id or its current regular id (an id from before a move is gone). */
  find(id: string): SimMessage | undefined {
    const byRegular = this.regularIds.get(id);
    return this.messages.get(byRegular ?? id);
  }

  /** The regular id the message had while it was in `folderId` (what that folder's delta knew it as). */
  regularIdIn(messageId: string, folderId: string): string {
    const current = this.messages.get(messageId);
    if (current?.folderId === folderId) return current.regularId;
    return this.formerIds.get(messageId)?.get(folderId) ?? current?.regularId ?? messageId;
  }

  private record(messageId: string, folderIds: string[]): void {
    this.log.push({ seq: ++this.sequence, messageId, folderIds });
  }

  /** Changes after `seq` that concern `folderId`, oldest first, one per message (the latest wins). */
  changesSince(seq: number, folderId: string): string[] {
    const ids = new Set<string>();
    for (const change of this.log) {
      if (change.seq > seq && change.folderIds.includes(folderId)) {
        ids.delete(change.messageId);
        ids.add(change.messageId);
      }
    }
    return [...ids];
  }

  add(
    message: Omit<SimMessage, "id" | "regularId" | "changeKey" | "lastModifiedDateTime"> & { id?: string },
  ): SimMessage {
    const id = message.id ?? newId();
    const stored: SimMessage = {
      ...message,
      id,
      regularId: newId(),
      changeKey: randomBytes(8).toString("base64url"),
      lastModifiedDateTime: new Date().toISOString(),
    };
    if (!this.folders.has(stored.folderId)) throw new Error(`no folder ${stored.folderId}`);
    this.messages.set(stored.id, stored);
    this.regularIds.set(stored.regularId, stored.id);
    this.record(stored.id, [stored.folderId]);
    return stored;
  }

  /** Bulk insert for generated mailboxes: one change-log entry per message, no per-message checks. */
  addMany(
    messages: (Omit<SimMessage, "id" | "regularId" | "changeKey" | "lastModifiedDateTime"> & {
      id?: string;
    })[],
  ): void {
    for (const m of messages) this.add(m);
  }

  update(id: string, patch: Partial<Omit<SimMessage, "id" | "regularId">>): SimMessage {
    const current = this.messages.get(id);
    if (!current) throw new Error(`no message ${id}`);
    if (patch.folderId !== undefined && !this.folders.has(patch.folderId))
      throw new Error(`no folder ${patch.folderId}`);
    const moved = patch.folderId !== undefined && patch.folderId !== current.folderId;
    const next: SimMessage = {
      ...current,
      ...patch,
      id,
      regularId: moved ? this.newRegularId(current) : current.regularId,
      changeKey: randomBytes(8).toString("base64url"),
      lastModifiedDateTime: new Date().toISOString(),
    };
    this.messages.set(id, next);
    this.record(id, [...new Set([current.folderId, next.folderId])]);
    return next;
  }

  private rememberFormerId(current: SimMessage): void {
    const former = this.formerIds.get(current.id) ?? new Map<string, string>();
    former.set(current.folderId, current.regularId);
    this.formerIds.set(current.id, former);
  }

  /** As Graph does on a move: the regular id changes (the old one no longer finds the message). */
  private newRegularId(current: SimMessage): string {
    this.rememberFormerId(current);
    this.regularIds.delete(current.regularId);
    const regularId = newId();
    this.regularIds.set(regularId, current.id);
    return regularId;
  }

  /**
   * Moves a message to a folder (id or well-known name); delta reports it removed from the old folder. Its regular
   * id changes; its immutable id does not.
   */
  move(id: string, folder: string): SimMessage {
    const target = this.folder(folder);
    if (!target) throw new Error(`no folder ${folder}`);
    return this.update(id, { folderId: target.id });
  }

  delete(id: string): void {
    const current = this.messages.get(id);
    if (!current) return;
    this.rememberFormerId(current);
    this.messages.delete(id);
    this.regularIds.delete(current.regularId);
    this.record(id, [current.folderId]);
  }
}
