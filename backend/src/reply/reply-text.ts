import EmailReplyParser from "email-reply-parser";
import { convert } from "html-to-text";

// The new text the sender wrote: quoted history, forwarded blocks and signatures removed. email-reply-parser
// (a port of GitHub's EmailReplyParser) does the work; what it misses is cut first by `cutAtHistory`, line by line
// with anchored patterns that cannot backtrack: Outlook's "From: … / Sent: …" block when the sender has no
// <address> (Outlook writes only the display name for colleagues and in HTML replies), forwarded-message banners,
// and the Russian/Android "… написал:" header. Pure and synchronous; `reply-pool.ts` runs it off the event loop.

/**
 * Only the top of a body is read. The reply is at the top of a top-posted email and the parser's cost grows with
 * the length (and, without the optional `re2`, some of its patterns backtrack on long lines); a reply longer than
 * this is cut, which a snippet and a "show quoted text" viewer tolerate.
 */
export const MAX_TEXT_CHARS = 32_000;
/** html-to-text reads at most this much HTML (~0.3 s of conversion at worst; a 5 MB body is mostly markup). */
export const MAX_HTML_CHARS = 100_000;
/** Longer lines are cut before parsing: no real reply line is this long, and long lines feed backtracking. */
const MAX_LINE_CHARS = 2_000;
/** The history cut looks at this many lines. */
const MAX_SCAN_LINES = 1_500;

export function htmlToPlainText(html: string): string {
  return convert(html.slice(0, MAX_HTML_CHARS), {
    wordwrap: false,
    limits: { maxInputLength: MAX_HTML_CHARS },
    selectors: [
      { selector: "a", options: { ignoreHref: true } },
      { selector: "img", format: "skip" },
      { selector: "style", format: "skip" },
      { selector: "script", format: "skip" },
      // Headings stay as written: html-to-text upper-cases them by default.
      { selector: "h1", options: { uppercase: false } },
      { selector: "h2", options: { uppercase: false } },
      { selector: "h3", options: { uppercase: false } },
      { selector: "table", format: "dataTable" },
    ],
  });
}

// A header field of Outlook's reply block, bold or not ("*From:*" when the HTML went through a text converter).
const FIELD = (names: string) => new RegExp(`^\\s*\\*?(?:${names})\\s?\\*?\\s?:\\*?(?:\\s|$)`, "i");
const OUTLOOK_FROM = FIELD("From|De|Von|Da|Van|Från|Fra|Od|От");
const OUTLOOK_NEXT = FIELD(
  "Sent|Date|To|Subject|Envoyé|Gesendet|Datum|An|Betreff|Enviado|Enviado el|Fecha|Para|Asunto|Inviato|Data|Verzonden|Skickat|Sendt|Objet|À",
);

const BANNERS = [
  // ---------- Forwarded message --------- (Gmail), -----Original Message----- (Outlook, AOL, Yahoo), and
  // their French, German and Spanish forms.
  /^\s*-{2,}\s*(?:original message|forwarded message|message d'origine|message transféré|ursprüngliche nachricht|weitergeleitete nachricht|mensaje original|mensaje reenviado|messaggio originale|messaggio inoltrato)\s*-{0,}\s*$/i,
  // Apple Mail's forward.
  /^\s*(?:begin forwarded message|début du message réexpédié|anfang der weitergeleiteten nachricht|inicio del mensaje reenviado)\s*:\s*$/i,
  // Outlook's separator line above its reply block.
  /^\s*_{20,}\s*$/,
];

// "On Mon, … wrote:" on one line or wrapped onto two; and the forms the library lacks.
const WROTE_END =
  /(?:wrote|a écrit|schrieb|escribió|ha scritto|escreveu|schreef|skrev|napisał|написал\(а\)|написал|написала)\s*:\s*$/i;
const WROTE_START =
  /^\s*(?:on|le|am|el|il|em|op|den|w dniu|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|[^\s]+,\s*\d{1,2}\s)\b/i;

// "Am 03.04.2012 um 16:19 schrieb Bob <bob@x.com>:", and the Dutch and Scandinavian forms (name after the verb).
const GERMANIC = /^\s*(?:am|op|den)\s.{0,300}\s(?:schrieb|schreef|skrev)\s.{0,300}:\s*$/i;

/** Where quoted or forwarded history starts, and whether it is an "On … wrote:" header (which may be bottom-posted). */
export interface HistoryStart {
  line: number;
  wrote: boolean;
}

/** The first line that opens quoted or forwarded history, or null. */
export function historyStart(lines: readonly string[]): HistoryStart | null {
  const n = Math.min(lines.length, MAX_SCAN_LINES);
  for (let i = 0; i < n; i++) {
    const line = lines[i];
    if (BANNERS.some((re) => re.test(line))) return { line: i, wrote: false };
    if (OUTLOOK_FROM.test(line)) {
      for (let j = i + 1; j <= i + 4 && j < lines.length; j++) {
        if (OUTLOOK_NEXT.test(lines[j])) return { line: i, wrote: false };
      }
    }
    if (GERMANIC.test(line)) return { line: i, wrote: true };
    if (WROTE_END.test(line)) {
      if (WROTE_START.test(line)) return { line: i, wrote: true };
      // Wrapped: "On Mon, Apr 2, 2012 at 6:26 PM, Megan One <\nxxx@gmail.com> wrote:".
      if (i > 0 && WROTE_START.test(lines[i - 1]) && lines[i - 1].trim() !== "")
        return { line: i - 1, wrote: true };
    }
  }
  return null;
}

/** Drops the rule line (an HTML `<hr>`, Outlook's underscores) that sits above the history block. */
function withoutTrailingRule(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && /^\s*(?:[-_=*]\s*){3,}$|^\s*$/.test(lines[end - 1])) end--;
  return lines.slice(0, end);
}

function boundLines(text: string): string[] {
  const lines = text.slice(0, MAX_TEXT_CHARS).replace(/\r\n?/g, "\n").split("\n");
  return lines.map((l) => (l.length > MAX_LINE_CHARS ? l.slice(0, MAX_LINE_CHARS) : l));
}

/** Collapses the blank runs the converters and the parser leave, and trims. */
function tidy(text: string): string {
  return text
    .replace(/[ \t\u00a0]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export interface ReplyParts {
  /** What the sender wrote in this email. */
  reply: string;
  /** The body as plain text (HTML converted), bounded. */
  full: string;
  /** Whether the body holds more than the reply (quoted history, a forward, a signature). */
  quoted: boolean;
}

const collapsed = (s: string) => s.replace(/\s+/g, " ").trim();

/** The new text of a body: the plain text when there is one, else the HTML converted to text. */
export function extractReply(text: string | null | undefined, html: string | null | undefined): ReplyParts {
  const plain = text && text.trim() ? text : html ? htmlToPlainText(html) : "";
  const lines = boundLines(plain);
  const full = lines.join("\n");
  const cut = historyStart(lines);
  let top = cut ? withoutTrailingRule(lines.slice(0, cut.line)).join("\n") : full;
  // Nothing above an "On … wrote:" header: a bottom-posted (or interleaved) reply, below the `>` quotes; the
  // parser keeps what is not quoted. Nothing above a forward or an Outlook block: nothing new was written.
  if (cut && cut.wrote && !top.trim()) top = full;
  // The parser drops `>` blocks, the "On … wrote:" headers it knows, and signatures ("-- ", "Sent from my …").
  const parsed = new EmailReplyParser().read(top).getVisibleText();
  const reply = tidy(parsed);
  return { reply, full, quoted: collapsed(full) !== collapsed(reply) };
}

export function replyTextOf(text: string | null | undefined, html: string | null | undefined): string {
  return extractReply(text, html).reply;
}
