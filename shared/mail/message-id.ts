/**
 * A Message-ID in the form used as identity: the first `<…>` token if there is one, whitespace removed,
 * lower-cased (ids are case-sensitive in theory; in practice case-folding only merges true duplicates that a
 * relay re-cased). Null when nothing usable is left.
 */
export function normalizeMessageId(raw: string | undefined | null): string | null {
  if (typeof raw !== "string") return null;
  const bracketed = /<([^<>]+)>/.exec(raw);
  const id = (bracketed ? bracketed[1] : raw).replace(/\s+/g, "").replace(/^<|>$/g, "").toLowerCase();
  if (id.length === 0 || id.length > 995) return null;
  return id;
}

/** Every Message-ID in a References / In-Reply-To header, in order. */
export function messageIdList(raw: string | undefined | null): string[] {
  if (typeof raw !== "string") return [];
  const ids: string[] = [];
  for (const m of raw.matchAll(/<([^<>]+)>/g)) {
    const id = normalizeMessageId(m[1]);
    if (id !== null) ids.push(id);
  }
  if (ids.length === 0) {
    for (const word of raw.split(/[\s,]+/)) {
      if (word.includes("@")) {
        const id = normalizeMessageId(word);
        if (id !== null) ids.push(id);
      }
    }
  }
  return ids;
}
