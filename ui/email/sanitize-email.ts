import createDOMPurify, { type Config, type WindowLike } from "dompurify";

// Turns an email's HTML into a document that is safe to show: DOMPurify removes everything executable, remote
// content (images, backgrounds, fonts, CSS imports) is stripped until the user asks for it, and the result is a
// complete `srcdoc` for a sandboxed frame whose Content-Security-Policy blocks anything that slipped through.

export interface SanitizedEmail {
  /** A full HTML document for `<iframe sandbox srcdoc>`. */
  srcdoc: string;
  /** How many remote resources were removed (0 when `allowRemote`). */
  blockedRemote: number;
}

/** Tags no email needs in a reading pane: navigation, forms, media, embedding, document-level overrides. */
const FORBID_TAGS = [
  "base",
  "meta",
  "link",
  "form",
  "input",
  "button",
  "select",
  "option",
  "textarea",
  "video",
  "audio",
  "source",
  "track",
  "picture",
  "object",
  "embed",
  "iframe",
  "frame",
  "frameset",
  "portal",
  "noscript",
  "template",
  "dialog",
];
const FORBID_ATTR = ["srcset", "ping", "formaction", "action", "poster", "autofocus"];
const URL_ATTRS = ["src", "background", "href", "xlink:href", "lowsrc", "dynsrc"];

const REMOTE_URL = /^\s*(?:https?:)?\/\//i;
const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;
const CSS_IMPORT = /@import\s+[^;]+;?/gi;
const CSS_DANGEROUS = /(-moz-binding|behavior\s*:|expression\s*\()/gi;
/** Fixed, sticky or absolute boxes let an email lay fake content over its own text (or a fake button over a link). */
const CSS_POSITION = /position\s*:\s*(fixed|sticky|absolute)/gi;

export function contentSecurityPolicy(allowRemote: boolean): string {
  const images = allowRemote ? "data: https: http:" : "data:";
  return [
    "default-src 'none'",
    `img-src ${images}`,
    "style-src 'unsafe-inline'",
    `font-src ${allowRemote ? "data: https:" : "data:"}`,
    "script-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join("; ");
}

/** Rewrites the CSS of a style attribute or element: no imports, no IE/Firefox script hooks, no remote url(). */
function cleanCss(css: string, allowRemote: boolean, count: () => void): string {
  // Imports go whatever the user chose: a style sheet can carry more than pictures, and "Show images" is about pictures.
  let out = css.replace(CSS_IMPORT, "");
  out = out.replace(CSS_DANGEROUS, "").replace(CSS_POSITION, "position: static");
  return out.replace(CSS_URL, (whole: string, _quote: string, url: string) => {
    if (/^\s*data:/i.test(url)) return whole;
    if (allowRemote && REMOTE_URL.test(url)) return whole;
    count();
    return "none";
  });
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

const BASE_STYLE = `
  html { color-scheme: light; }
  body { margin: 12px; font: 14px/1.45 "Segoe UI", -apple-system, BlinkMacSystemFont, Roboto, sans-serif;
         color: #242424; background: #ffffff; overflow-wrap: anywhere; }
  img { max-width: 100%; height: auto; }
  pre.tb-plain { white-space: pre-wrap; font: inherit; margin: 0; }
  table { max-width: 100%; }
`;

function documentFor(head: string, body: string, allowRemote: boolean): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(allowRemote)}">` +
    `<meta name="referrer" content="no-referrer">` +
    `<style>${BASE_STYLE}</style>${head}</head><body>${body}</body></html>`
  );
}

/** A plain-text email as an escaped, wrapped document. */
export function plainTextDocument(text: string): SanitizedEmail {
  return {
    srcdoc: documentFor("", `<pre class="tb-plain">${escapeHtml(text)}</pre>`, false),
    blockedRemote: 0,
  };
}

export function sanitizeEmailHtml(
  html: string,
  allowRemote: boolean,
  win: WindowLike = window,
): SanitizedEmail {
  const purify = createDOMPurify(win);
  let blocked = 0;
  const count = () => {
    blocked += 1;
  };
  purify.addHook("afterSanitizeAttributes", (node) => {
    const element = node as Element;
    if (typeof element.getAttribute !== "function") return;
    for (const name of URL_ATTRS) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      const isLink = name === "href" && element.tagName.toLowerCase() === "a";
      if (!isLink && REMOTE_URL.test(value) && !allowRemote) {
        element.removeAttribute(name);
        count();
      }
    }
    const style = element.getAttribute("style");
    if (style !== null) element.setAttribute("style", cleanCss(style, allowRemote, count));
    if (element.tagName.toLowerCase() === "a") {
      // Links open outside the pane in a new window, without opener or referrer, still inside the frame's sandbox.
      element.setAttribute("target", "_blank");
      element.setAttribute("rel", "noopener noreferrer");
    }
  });
  purify.addHook("uponSanitizeElement", (node, data) => {
    if (data.tagName === "style" && node.textContent) {
      node.textContent = cleanCss(node.textContent, allowRemote, count);
    }
  });
  const config: Config = {
    WHOLE_DOCUMENT: true,
    RETURN_DOM: true,
    USE_PROFILES: { html: true },
    FORBID_TAGS,
    FORBID_ATTR,
    ADD_ATTR: ["target"],
    ALLOW_UNKNOWN_PROTOCOLS: false,
  };
  const root = purify.sanitize(html, config) as unknown as HTMLElement;
  const head = [...root.querySelectorAll("head style")].map((s) => s.outerHTML).join("");
  const body = root.querySelector("body")?.innerHTML ?? root.innerHTML;
  return { srcdoc: documentFor(head, body, allowRemote), blockedRemote: blocked };
}
