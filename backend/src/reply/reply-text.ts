import EmailReplyParser from "email-reply-parser";
import { compile } from "html-to-text";

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
/** Longer lines are cut: no real reply line is this long. */
const MAX_LINE_CHARS = 4_000;
/**
 * Without `re2` a few of the parser's header patterns backtrack cubically on a long line (one hostile 2,000-char
 * line: ~1 s; 250 chars: ~3 ms), so lines are wrapped at this length before parsing and joined again after.
 */
const WRAP_CHARS = 250;
const WRAP = "\uE000"; // a private-use character: marks where a line was wrapped
/** The history cut looks at this many lines. */
const MAX_SCAN_LINES = 1_500;

// Compiled once: html-to-text's `convert` compiles its options on every call, which costs more than converting a
// typical reply.
const toText = compile({
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

export function htmlToPlainText(html: string): string {
  return toText(html.slice(0, MAX_HTML_CHARS));
}

// Where the clients put the quoted history in HTML: Gmail's gmail_quote, Outlook's reply header (divRplyFwdMsg,
// or the bordered block of Outlook desktop), Thunderbird's moz-cite-prefix, Apple Mail's and Yahoo's cite
// blockquotes. Converting only what comes before it is most of the cost of an HTML reply saved.
const HTML_HISTORY =
  /<div[^>]{0,200}class="?[^">]{0,100}\b(?:gmail_quote|moz-cite-prefix|yahoo_quoted)\b|<div[^>]{0,40}id="?(?:divRplyFwdMsg|appendonsend)\b|<div[^>]{0,40}style="?border:none;\s?border-top:solid #[0-9A-F]{6} 1\.0pt|<blockquote[^>]{0,40}type="?cite/i;

/** The HTML before its quoted history (the whole HTML when there is none, or nothing before it). */
export function htmlReplyPart(html: string): string {
  const bounded = html.slice(0, MAX_HTML_CHARS);
  const at = bounded.search(HTML_HISTORY);
  if (at <= 0) return bounded;
  const top = bounded.slice(0, at);
  // Only markup above the history (a bottom-posted reply): the whole body is converted.
  return /[^\s]/.test(top.replace(/<[^>]*>|&nbsp;/gi, "")) ? top : bounded;
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

/**
 * Wraps lines longer than WRAP_CHARS, ending each piece with the WRAP mark; a piece of a quoted line is quoted too,
 * so the parser hides it with its line. Pieces start on a non-space (the parser trims leading spaces).
 */
function wrap(text: string): string {
  if (!text.split("\n").some((l) => l.length > WRAP_CHARS)) return text;
  return text
    .split("\n")
    .map((line) => {
      if (line.length <= WRAP_CHARS) return line;
      const quote = /^\s*>/.test(line) ? ">" : "";
      const pieces: string[] = [];
      let rest = line;
      while (rest.length > WRAP_CHARS) {
        let cut = WRAP_CHARS;
        while (cut > WRAP_CHARS - 40 && /\s/.test(rest.charAt(cut))) cut--;
        pieces.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      pieces.push(rest);
      return pieces.map((p, i) => (i > 0 ? quote + p : p)).join(`${WRAP}\n`);
    })
    .join("\n");
}

/** Joins what `wrap` split (a quoted piece's added ">" is hidden with its line, never visible). */
function unwrap(text: string): string {
  return text.includes(WRAP) ? text.replaceAll(`${WRAP}\n`, "").replaceAll(WRAP, "") : text;
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
  /** The text that was parsed: the plain body, or the HTML before its quoted history as text; bounded. */
  full: string;
  /** Whether the body holds more than the reply (quoted history, a forward, a signature). */
  quoted: boolean;
}

const collapsed = (s: string) => s.replace(/\s+/g, " ").trim();

/** The new text of a body: the plain text when there is one, else the HTML converted to text. */
export function extractReply(text: string | null | undefined, html: string | null | undefined): ReplyParts {
  const fromHtml = !(text && text.trim()) && Boolean(html);
  const htmlPart = fromHtml ? htmlReplyPart(html as string) : "";
  const plain = fromHtml ? htmlToPlainText(htmlPart) : (text ?? "");
  const lines = boundLines(plain);
  const full = lines.join("\n");
  const cut = historyStart(lines);
  let top = cut ? withoutTrailingRule(lines.slice(0, cut.line)).join("\n") : full;
  // Nothing above an "On … wrote:" header: a bottom-posted (or interleaved) reply, below the `>` quotes; the
  // parser keeps what is not quoted. Nothing above a forward or an Outlook block: nothing new was written.
  if (cut && cut.wrote && !top.trim()) top = full;
  // The parser drops `>` blocks, the "On … wrote:" headers it knows, and signatures ("-- ", "Sent from my …").
  const parsed = unwrap(new EmailReplyParser().read(wrap(top)).getVisibleText());
  const reply = tidy(parsed);
  // An HTML body cut before its history holds more than its reply by construction.
  const cutHtml =
    fromHtml && htmlReplyPart(html as string).length < Math.min((html as string).length, MAX_HTML_CHARS);
  return { reply, full, quoted: cutHtml || collapsed(full) !== collapsed(reply) };
}

export function replyTextOf(text: string | null | undefined, html: string | null | undefined): string {
  return extractReply(text, html).reply;
}
