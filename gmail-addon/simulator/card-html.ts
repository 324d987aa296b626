// Renders card JSON (Card v1 shape) to standalone HTML that looks like Gmail's add-on sidebar, so people can
// see the cards the tests produce. As in Gmail, only formatted-text fields (paragraphs, decorated text, section
// headers) may hold Google's small HTML subset (<b>, <i>, <br>, <font>, <a>); every other field — header title
// and subtitle, top and bottom labels, selection items, buttons — is plain text, escaped here.
import type { Json } from "./card-service";

type Obj = { [key: string]: Json };
const obj = (v: Json | undefined): Obj => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
const list = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Keeps only the formatting tags Google allows in card text; entities the add-on escaped stay escaped. */
function cardTextHtml(text: string): string {
  return text
    .replace(/<(?!\/?(b|i|u|s|br|font|a)\b)[^>]*>/gi, "")
    .replace(/<a\s+href="(https:[^"]*)"[^>]*>/gi, '<a href="$1">')
    .replace(/\n/g, "<br>");
}

/** Letters in a circle stand in for Google's icons (headless Chromium has no emoji font). */
const ICON: Record<string, string> = {
  PERSON: "P",
  CLOCK: "T",
  EMAIL: "@",
  BOOKMARK: "S",
  STAR: "*",
  DESCRIPTION: "D",
};

function button(b: Obj): string {
  const filled = b.type === "FILLED";
  return `<button class="${filled ? "filled" : "outlined"}">${escapeHtml(String(b.text ?? ""))}</button>`;
}

function widget(w: Obj): string {
  if (w.textParagraph) return `<p class="para">${cardTextHtml(String(obj(w.textParagraph).text ?? ""))}</p>`;
  if (w.decoratedText) {
    const d = obj(w.decoratedText);
    const icon = obj(d.startIcon).knownIcon
      ? `<span class="icon">${ICON[String(obj(d.startIcon).knownIcon)] ?? "•"}</span>`
      : "";
    const sw = obj(d.switchControl);
    const control = d.button
      ? button(obj(d.button))
      : sw.name
        ? `<span class="switch ${sw.selected ? "on" : ""}"></span>`
        : "";
    return `<div class="dt">${icon}<div class="dt-body">${d.topLabel ? `<div class="top">${escapeHtml(String(d.topLabel))}</div>` : ""}<div class="text">${cardTextHtml(String(d.text ?? ""))}</div>${d.bottomLabel ? `<div class="bottom">${escapeHtml(String(d.bottomLabel))}</div>` : ""}</div>${control}</div>`;
  }
  if (w.buttonList)
    return `<div class="buttons">${list(obj(w.buttonList).buttons)
      .map((b) => button(obj(b)))
      .join("")}</div>`;
  if (w.textInput) {
    const t = obj(w.textInput);
    return `<label class="input"><span>${escapeHtml(String(t.label ?? ""))}</span><input value="${escapeHtml(String(t.value ?? ""))}" placeholder="${escapeHtml(String(t.hintText ?? ""))}"></label>`;
  }
  if (w.selectionInput) {
    const s = obj(w.selectionInput);
    const items = list(s.items)
      .map(obj)
      .map(
        (i) =>
          `<label class="check"><input type="checkbox" ${i.selected ? "checked" : ""}> ${escapeHtml(String(i.text))}</label>`,
      )
      .join("");
    return `<fieldset><legend>${escapeHtml(String(s.label ?? ""))}</legend>${items}</fieldset>`;
  }
  if (w.divider) return "<hr>";
  return "";
}

export function cardToHtml(card: Json, caption = ""): string {
  const c = obj(card);
  const header = obj(c.header);
  const sections = list(c.sections)
    .map(obj)
    .map(
      (s) =>
        `<section>${s.header ? `<h3>${cardTextHtml(String(s.header))}</h3>` : ""}${list(s.widgets)
          .map((w) => widget(obj(w)))
          .join("")}</section>`,
    )
    .join("");
  const menu = list(c.cardActions)
    .map((a) => `<li>${escapeHtml(String(obj(a).actionLabel))}</li>`)
    .join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(String(header.title ?? "card"))}</title><style>
body{margin:0;background:#f6f8fc;font:14px/1.4 Roboto,Arial,sans-serif;color:#1f1f1f}
.frame{width:320px;margin:12px;background:#fff;border:1px solid #dadce0;border-radius:8px;overflow:hidden}
.caption{font-size:11px;color:#5f6368;margin:12px 12px 0}
header{padding:14px 16px;border-bottom:1px solid #e0e0e0;display:flex;justify-content:space-between}
header h1{font-size:16px;margin:0;font-weight:500}header h2{font-size:12px;margin:2px 0 0;color:#5f6368;font-weight:400}
.menu{font-size:11px;color:#5f6368;list-style:none;margin:0;padding:0;text-align:right}
section{padding:10px 16px;border-bottom:1px solid #f1f3f4}section h3{font-size:13px;color:#0b6e4f;margin:4px 0 8px;font-weight:500}
.dt{display:flex;align-items:center;gap:8px;margin:6px 0}.dt-body{flex:1}.top{font-size:11px;color:#5f6368}.bottom{font-size:11px;color:#5f6368}
.icon{width:20px;height:20px;border-radius:10px;background:#e6f2ee;color:#0b6e4f;font:600 11px/20px Roboto,Arial,sans-serif;text-align:center;flex:none}.para{margin:6px 0}
.buttons{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
button{border-radius:16px;padding:6px 14px;font:500 13px Roboto,Arial,sans-serif;cursor:pointer}
.filled{background:#0b6e4f;color:#fff;border:1px solid #0b6e4f}.outlined{background:#fff;color:#0b6e4f;border:1px solid #dadce0}
.input{display:block;margin:8px 0}.input span{display:block;font-size:11px;color:#5f6368}.input input{width:100%;box-sizing:border-box;padding:6px;border:1px solid #dadce0;border-radius:4px}
fieldset{border:none;padding:0;margin:8px 0}legend{font-size:11px;color:#5f6368}.check{display:block}
.switch{width:32px;height:16px;border-radius:8px;background:#bdc1c6;display:inline-block}.switch.on{background:#0b6e4f}
</style></head><body>${caption ? `<div class="caption">${escapeHtml(caption)}</div>` : ""}<div class="frame"><header><div><h1>${escapeHtml(String(header.title ?? ""))}</h1>${header.subtitle ? `<h2>${escapeHtml(String(header.subtitle))}</h2>` : ""}</div>${menu ? `<ul class="menu">${menu}</ul>` : ""}</header>${sections}</div></body></html>`;
}
