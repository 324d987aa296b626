// Microsoft Graph's mail endpoints over a simulated mailbox, in Graph's documented response shapes.
import { randomBytes } from "node:crypto";
import type { Mailbox, SimFolder, SimMessage } from "./mailbox";
import {
  decodeToken,
  encodeToken,
  GraphHttpError,
  matchesDate,
  messageResource,
  parseDateFilter,
  parseOrderBy,
  parseSelect,
  preferredBodyType,
  preferredPageSize,
  prefersImmutableIds,
  sortByReceived,
  type DateCondition,
} from "./odata";

export interface GraphRequest {
  method: string;
  /** Path after `/v1.0`, e.g. `/me/mailFolders/inbox/messages`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
}

export interface GraphResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** For a 429: the limit that refused it (logged; not part of the HTTP answer). */
  throttled?: string;
}

/** Graph caps a delta query filtered on receivedDateTime at 5,000 messages. */
export const DELTA_FILTER_CAP = 5000;
const LIST_MAX_TOP = 1000;
const DELTA_MAX_PAGE = 1000;
const DEFAULT_PAGE = 10;

interface Round {
  folderId: string;
  conditions: DateCondition[];
  select: string[] | null;
  ids: string[];
  /** The change-log position this round brings the client to (its deltaLink). */
  seq: number;
}

interface DeltaLinkState {
  f: string;
  c: DateCondition[];
  s: string[] | null;
  q: number;
  /** When the token was issued (ms): Graph forgets sync states after a while. */
  t: number;
}

export interface GraphRoutesOptions {
  /** Absolute `…/v1.0` base used in nextLink / deltaLink. */
  baseUrl: string;
  deltaCap?: number;
  /**
   * How long a delta token stays valid. Graph documents no fixed lifetime for Outlook entities (tokens fall out
   * of a cache of limited size), so the default is a week; tests expire tokens explicitly.
   */
  deltaTokenTtlMs?: number;
}

/** A stateful router for one simulator: delta rounds in progress are kept here (their ids, not the messages). */
export function createGraphRoutes(options: GraphRoutesOptions) {
  const rounds = new Map<string, Round>();
  const cap = options.deltaCap ?? DELTA_FILTER_CAP;
  const ttl = options.deltaTokenTtlMs ?? 7 * 86_400_000;
  /** Tokens issued before this time are gone (`expireDeltaTokens`, as when Graph's token cache evicts them). */
  let forgottenBefore = 0;

  /** Graph's synchronization reset: 410 Gone, and a Location to start over (the same query, no token). */
  function syncStateGone(folderId: string, state: DeltaLinkState): GraphResponse {
    const parts: string[] = [];
    if (state.c.length) {
      const filter = state.c.map((c) => `receivedDateTime ${c.op} ${new Date(c.value).toISOString()}`);
      parts.push(`$filter=${encodeURIComponent(filter.join(" and "))}`);
    }
    if (state.s) parts.push(`$select=${state.s.join(",")}`);
    const query = parts.join("&");
    const restart = `${options.baseUrl}/me/mailFolders/${encodeURIComponent(folderId)}/messages/delta?${query}`;
    return {
      status: 410,
      headers: { Location: restart },
      body: {
        error: {
          code: "SyncStateNotFound",
          message:
            "The sync state generation is not found. The delta token is expired and data must be synchronized again.",
        },
      },
    };
  }

  function folderOr404(mailbox: Mailbox, id: string): SimFolder {
    const folder = mailbox.folder(decodeURIComponent(id));
    if (!folder)
      throw new GraphHttpError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    return folder;
  }

  function folderResource(mailbox: Mailbox, f: SimFolder) {
    const messages = mailbox.messagesIn(f.id);
    return {
      id: f.id,
      displayName: f.displayName,
      parentFolderId: f.parentFolderId,
      childFolderCount: mailbox.children(f.id).length,
      unreadItemCount: messages.filter((m) => !m.isRead).length,
      totalItemCount: messages.length,
      sizeInBytes: messages.reduce((n, m) => n + m.body.content.length, 0),
      isHidden: false,
    };
  }

  function pageOf<T>(items: T[], req: GraphRequest, path: string, context: string): GraphResponse {
    const top = Math.min(
      LIST_MAX_TOP,
      Math.max(1, Number(req.query.get("$top") ?? DEFAULT_PAGE) || DEFAULT_PAGE),
    );
    const skip = Math.max(0, Number(req.query.get("$skip") ?? 0) || 0);
    const value = items.slice(skip, skip + top);
    const body: Record<string, unknown> = {
      "@odata.context": `${options.baseUrl}/$metadata#${context}`,
      value,
    };
    if (skip + top < items.length) {
      const next = new URLSearchParams(req.query);
      next.set("$top", String(top));
      next.set("$skip", String(skip + top));
      body["@odata.nextLink"] = `${options.baseUrl}${path}?${next.toString()}`;
    }
    return { status: 200, body };
  }

  function listMessages(mailbox: Mailbox, folder: SimFolder, req: GraphRequest, path: string): GraphResponse {
    const conditions = parseDateFilter(req.query.get("$filter"));
    const select = parseSelect(req.query.get("$select"));
    const order = req.query.has("$orderby") ? parseOrderBy(req.query.get("$orderby")) : "desc";
    const bodyType = preferredBodyType(req.headers.prefer);
    const immutableIds = prefersImmutableIds(req.headers.prefer);
    const items = sortByReceived(
      mailbox.messagesIn(folder.id).filter((m) => matchesDate(m, conditions)),
      order,
    ).map((m) => messageResource(m, select, { bodyType, immutableIds }));
    return pageOf(items, req, path, "users('me')/mailFolders('" + folder.id + "')/messages");
  }

  function deltaEntry(
    mailbox: Mailbox,
    round: Round,
    id: string,
    answer: { bodyType?: "html" | "text"; immutableIds: boolean },
  ) {
    const m = mailbox.messages.get(id);
    if (m && m.folderId === round.folderId && matchesDate(m, round.conditions)) {
      return messageResource(m, round.select, answer);
    }
    if (m && m.folderId === round.folderId) return null; // changed but outside the filter: not reported
    // As Graph does: "changed" for a message moved out (it lives on elsewhere), "deleted" when it is gone; by the
    // id this folder knew it as (a regular id changed with the move).
    const reason = m ? "changed" : "deleted";
    const known = answer.immutableIds ? id : mailbox.regularIdIn(id, round.folderId);
    return { "@odata.type": "#microsoft.graph.message", id: known, "@removed": { reason } };
  }

  function delta(mailbox: Mailbox, folder: SimFolder, req: GraphRequest): GraphResponse {
    const pageSize = preferredPageSize(req.headers.prefer, DEFAULT_PAGE, DELTA_MAX_PAGE);
    const answer = {
      bodyType: preferredBodyType(req.headers.prefer),
      immutableIds: prefersImmutableIds(req.headers.prefer),
    };
    let key: string;
    let offset = 0;
    const skipToken = req.query.get("$skiptoken");
    const deltaToken = req.query.get("$deltatoken");
    if (skipToken) {
      const [k, o] = skipToken.split(".");
      if (!rounds.has(k))
        throw new GraphHttpError(400, "SyncStateNotFound", "The sync state generation is not found.");
      key = k;
      offset = Number(o) || 0;
    } else if (deltaToken) {
      const state = decodeToken<DeltaLinkState>(deltaToken);
      if (!state || state.f !== folder.id)
        throw new GraphHttpError(400, "SyncStateInvalid", "The delta token is not valid for this folder.");
      if (!(state.t >= forgottenBefore) || Date.now() - state.t > ttl) return syncStateGone(folder.id, state);
      key = randomBytes(9).toString("base64url");
      rounds.set(key, {
        folderId: state.f,
        conditions: state.c,
        select: state.s,
        ids: mailbox.changesSince(state.q, folder.id),
        seq: mailbox.seq,
      });
    } else {
      const conditions = parseDateFilter(req.query.get("$filter"));
      if (conditions.some((c) => c.op !== "ge" && c.op !== "gt")) {
        throw new GraphHttpError(
          400,
          "ErrorInvalidUrlQueryFilter",
          "Delta supports only receivedDateTime ge or gt.",
        );
      }
      if (req.query.has("$orderby")) {
        const order = parseOrderBy(req.query.get("$orderby"));
        if (order !== "desc")
          throw new GraphHttpError(
            400,
            "ErrorInvalidUrlQuery",
            "Delta supports only $orderby=receivedDateTime desc.",
          );
      }
      let items = sortByReceived(
        mailbox.messagesIn(folder.id).filter((m) => matchesDate(m, conditions)),
        "desc",
      );
      if (conditions.length > 0) items = items.slice(0, cap);
      key = randomBytes(9).toString("base64url");
      rounds.set(key, {
        folderId: folder.id,
        conditions,
        select: parseSelect(req.query.get("$select")),
        ids: items.map((m) => m.id),
        seq: mailbox.seq,
      });
    }
    const round = rounds.get(key)!;
    const slice = round.ids.slice(offset, offset + pageSize);
    const value = slice.map((id) => deltaEntry(mailbox, round, id, answer)).filter((v) => v !== null);
    const base = `${options.baseUrl}/me/mailFolders/${encodeURIComponent(folder.id)}/messages/delta`;
    const body: Record<string, unknown> = {
      "@odata.context": `${options.baseUrl}/$metadata#Collection(message)`,
      value,
    };
    if (offset + pageSize < round.ids.length) {
      body["@odata.nextLink"] = `${base}?$skiptoken=${key}.${offset + pageSize}`;
    } else {
      const state: DeltaLinkState = {
        f: round.folderId,
        c: round.conditions,
        s: round.select,
        q: round.seq,
        t: Date.now(),
      };
      body["@odata.deltaLink"] = `${base}?$deltatoken=${encodeToken(state)}`;
    }
    return { status: 200, body };
  }

  function message(mailbox: Mailbox, id: string, req: GraphRequest): GraphResponse {
    const m: SimMessage | undefined = mailbox.find(decodeURIComponent(id));
    if (!m)
      throw new GraphHttpError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    return {
      status: 200,
      body: messageResource(m, parseSelect(req.query.get("$select")), {
        bodyType: preferredBodyType(req.headers.prefer),
        immutableIds: prefersImmutableIds(req.headers.prefer),
      }),
    };
  }

  /** Routes one GET. Throws GraphHttpError for Graph-shaped failures. */
  function handle(mailbox: Mailbox, req: GraphRequest): GraphResponse {
    if (req.method !== "GET")
      throw new GraphHttpError(405, "ErrorInvalidRequest", "The OData request is not supported.");
    const path = req.path.replace(/\/+$/, "");
    let m: RegExpExecArray | null;
    if (path === "/me") {
      return {
        status: 200,
        body: {
          id: "sim-user",
          displayName: mailbox.owner.name,
          mail: mailbox.owner.address,
          userPrincipalName: mailbox.owner.address,
        },
      };
    }
    if (path === "/me/mailFolders") {
      const top = mailbox.children(mailbox.rootId).map((f) => folderResource(mailbox, f));
      return pageOf(top, req, path, "users('me')/mailFolders");
    }
    if ((m = /^\/me\/mailFolders\/([^/]+)$/.exec(path)))
      return { status: 200, body: folderResource(mailbox, folderOr404(mailbox, m[1])) };
    if ((m = /^\/me\/mailFolders\/([^/]+)\/childFolders$/.exec(path))) {
      const folder = folderOr404(mailbox, m[1]);
      return pageOf(
        mailbox.children(folder.id).map((f) => folderResource(mailbox, f)),
        req,
        path,
        "mailFolders",
      );
    }
    if ((m = /^\/me\/mailFolders\/([^/]+)\/messages\/delta(\(\))?$/.exec(path)))
      return delta(mailbox, folderOr404(mailbox, m[1]), req);
    if ((m = /^\/me\/mailFolders\/([^/]+)\/messages$/.exec(path)))
      return listMessages(mailbox, folderOr404(mailbox, m[1]), req, path);
    if ((m = /^\/me\/messages\/([^/]+)$/.exec(path))) return message(mailbox, m[1], req);
    throw new GraphHttpError(
      400,
      "BadRequest",
      `Resource not found for the segment '${path.split("/").pop()}'.`,
    );
  }

  return {
    handle,
    /** Every delta token issued so far stops working (410 on its next use). */
    expireDeltaTokens(): void {
      forgottenBefore = Date.now() + 1;
    },
  };
}
