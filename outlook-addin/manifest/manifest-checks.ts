// Checks of the add-in manifest that Microsoft's schemas cannot express: every `resid` names a resource, every
// `<FunctionName>` is registered with Office.actions.associate in the built commands bundle, every URL points at
// a file the build produces. Plus schema validation through xmllint-wasm (no system xmllint needed).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { validateXML } from "xmllint-wasm";
import { normalizeBaseUrl } from "./render-manifest";

export const SCHEMA_DIR = resolve(import.meta.dirname, "schema");
const MAIN_XSD = "OfficeAppManifestV1_1.xsd";

/** Validates a manifest against the vendored Office XSDs; errors are xmllint's messages. */
export async function validateManifestSchema(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const xsds = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith(".xsd"));
  const result = await validateXML({
    xml: [{ fileName: "manifest.xml", contents: xml }],
    schema: [{ fileName: MAIN_XSD, contents: readFileSync(join(SCHEMA_DIR, MAIN_XSD), "utf8") }],
    preload: xsds
      .filter((f) => f !== MAIN_XSD)
      .map((f) => ({ fileName: f, contents: readFileSync(join(SCHEMA_DIR, f), "utf8") })),
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}

/** A parsed element: enough XML for manifest checks (the schema check has already vetted the structure). */
export interface XmlElement {
  /** Local name, without the namespace prefix. */
  name: string;
  attributes: Record<string, string>;
  text: string;
  parent: XmlElement | null;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, "&");
}

/** Every element of a well-formed XML document, in document order (comments, PIs and CDATA-free input). */
export function xmlElements(xml: string): XmlElement[] {
  const source = xml.replace(/<!--[\s\S]*?-->/g, "").replace(/<\?[\s\S]*?\?>/g, "");
  const elements: XmlElement[] = [];
  const stack: XmlElement[] = [];
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(source))) {
    if (m[5] !== undefined) {
      if (stack.length) stack[stack.length - 1].text += decodeEntities(m[5]);
      continue;
    }
    const name = m[2].includes(":") ? m[2].slice(m[2].indexOf(":") + 1) : m[2];
    if (m[1]) {
      if (stack.pop()?.name !== name) throw new Error("The manifest is not well-formed XML.");
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of m[3].matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes[a[1]] = decodeEntities(a[2] ?? a[3] ?? "");
    }
    const element: XmlElement = { name, attributes, text: "", parent: stack[stack.length - 1] ?? null };
    elements.push(element);
    if (!m[4]) stack.push(element);
  }
  if (stack.length) throw new Error("The manifest is not well-formed XML.");
  return elements;
}

/** Every `resid` used and every resource id defined (bt:Image, bt:Url, bt:String). */
export function resourceReferences(xml: string): { used: string[]; defined: string[] } {
  const elements = xmlElements(xml);
  const used = elements.filter((e) => "resid" in e.attributes).map((e) => e.attributes.resid);
  const defined = elements
    .filter(
      (e) =>
        e.parent && /^(Images|Urls|ShortStrings|LongStrings)$/.test(e.parent.name) && "id" in e.attributes,
    )
    .map((e) => e.attributes.id);
  return { used, defined };
}

/** Problems with `resid`s: references to resources that do not exist. */
export function checkResids(xml: string): string[] {
  const { used, defined } = resourceReferences(xml);
  const known = new Set(defined);
  return [...new Set(used.filter((id) => !known.has(id)))].map(
    (id) => `resid "${id}" does not name any resource.`,
  );
}

export function functionNames(xml: string): string[] {
  return xmlElements(xml)
    .filter((e) => e.name === "FunctionName")
    .map((e) => e.text.trim());
}

/** Every URL in the manifest (`DefaultValue` attributes: icons, pages, resources). */
export function manifestUrls(xml: string): string[] {
  const urls: string[] = [];
  for (const e of xmlElements(xml)) {
    const value = e.attributes.DefaultValue;
    if (value && /^https?:\/\//i.test(value)) urls.push(value);
  }
  return urls;
}

/** The JavaScript files a built HTML page loads (relative `src`s), read from the build folder. */
function pageScripts(distDir: string, page: string): string[] {
  const html = readFileSync(join(distDir, page), "utf8");
  // Minified HTML may drop the quotes around attribute values.
  return [...html.matchAll(/<script[^>]*\ssrc=(?:"([^"]+)"|'([^']+)'|([^\s>]+))/g)]
    .map((m) => m[1] ?? m[2] ?? m[3])
    .filter((src) => !/^https?:/i.test(src))
    .map((src) => join(distDir, src.replace(/^\.?\//, "").replace(/^outlook\//, "")));
}

/**
 * Checks the manifest against a build folder (dist/outlook-addin): URLs under `<base>/outlook/` must be files
 * there (the base itself is the server's front page), and every FunctionName must be registered with
 * `Office.actions.associate` in the scripts the FunctionFile page loads.
 */
export function checkAgainstBuild(xml: string, distDir: string, baseUrl: string): string[] {
  const base = normalizeBaseUrl(baseUrl);
  const problems: string[] = [];
  for (const url of new Set(manifestUrls(xml))) {
    if (url.replace(/\/+$/, "") === base) continue;
    if (!url.startsWith(`${base}/outlook/`)) {
      problems.push(`${url} is not under ${base}/outlook/, where the add-in is served.`);
      continue;
    }
    const file = join(distDir, decodeURIComponent(url.slice(`${base}/outlook/`.length).split(/[?#]/)[0]));
    if (!existsSync(file)) problems.push(`${url} points at ${file}, which the build did not produce.`);
  }
  const names = functionNames(xml);
  if (names.length) {
    const commandsUrl = resourceValue(xml, "Commands.Url");
    const page = commandsUrl?.startsWith(`${base}/outlook/`)
      ? commandsUrl.slice(`${base}/outlook/`.length)
      : null;
    if (!page || !existsSync(join(distDir, page))) {
      problems.push("The FunctionFile page (Commands.Url) is missing from the build.");
    } else {
      const code = pageScripts(distDir, page)
        .filter((f) => existsSync(f))
        .map((f) => readFileSync(f, "utf8"))
        .join("\n");
      for (const name of names) {
        const registered = new RegExp(
          `\\.associate\\(\\s*["'\`]${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["'\`]`,
        ).test(code);
        if (!registered)
          problems.push(
            `FunctionName "${name}" is not registered with Office.actions.associate in ${page}'s scripts.`,
          );
      }
    }
  }
  return problems;
}

export function resourceValue(xml: string, id: string): string | null {
  const e = xmlElements(xml).find((el) => el.attributes.id === id && "DefaultValue" in el.attributes);
  return e?.attributes.DefaultValue ?? null;
}
