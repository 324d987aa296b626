import { normalizeAddress, parseAddressList, threadKey, type EmailInput } from "../../../shared/index";

const SNIPPET_LENGTH = 200;

/** A short plain-text preview: the text body, else the HTML with tags and entities removed. */
export function snippetOf(text: string | undefined, html: string | undefined): string {
  let source = text ?? "";
  if (!source.trim() && html) {
    source = html
      .slice(0, 20_000)
      .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, " ")
      .replace(/<[^>]*>/g, " ")
      .replace(/&nbsp;/gi, " ")
      .replace(/&amp;/gi, "&")
      .replace(/&lt;/gi, "<")
      .replace(/&gt;/gi, ">")
      .replace(/&quot;/gi, '"')
      .replace(/&#39;/gi, "'");
  }
  // Only the start matters: collapsing whitespace in a 2 MB body would cost more than the whole insert.
  const collapsed = source
    .slice(0, SNIPPET_LENGTH * 4)
    .replace(/\s+/g, " ")
    .trim();
  return collapsed.length > SNIPPET_LENGTH ? `${collapsed.slice(0, SNIPPET_LENGTH - 1)}…` : collapsed;
}

/**
 * Every participant address, plus `@<domain>` for each domain and parent domain they are at: what purges and
 * `lastTouchAt` recomputation match exclusions and contacts against.
 */
export function participantKeys(input: Pick<EmailInput, "from" | "to" | "cc" | "bcc">): string[] {
  const keys = new Set<string>();
  for (const raw of [input.from, input.to, input.cc, input.bcc]) {
    if (!raw) continue;
    for (const parsed of parseAddressList(raw)) {
      const address = normalizeAddress(parsed.address);
      if (address === null) continue;
      keys.add(address);
      let host = address.slice(address.lastIndexOf("@") + 1);
      for (;;) {
        keys.add(`@${host}`);
        const dot = host.indexOf(".");
        if (dot < 0) break;
        host = host.slice(dot + 1);
      }
    }
  }
  return [...keys];
}

export function threadKeyOf(input: EmailInput, messageKey: string): string {
  return (
    threadKey({ messageId: input.messageId, inReplyTo: input.inReplyTo, references: input.references }) ??
    messageKey
  );
}
