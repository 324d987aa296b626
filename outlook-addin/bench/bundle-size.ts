// The task pane's production bundle: which scripts taskpane.html loads before anything renders (the initial
// JavaScript) and every chunk with its gzipped size.
import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";

export interface ChunkSize {
  file: string;
  bytes: number;
  gzip: number;
  initial: boolean;
}

export interface BundleReport {
  chunks: ChunkSize[];
  initialGzip: number;
}

/** Local scripts of an HTML page, in order (the Office.js CDN script is Microsoft's, not ours). */
export function pageScripts(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"'\s>]+)/gi)]
    .map((m) => m[1])
    .filter((src) => !/^https?:/i.test(src));
}

export function bundleReport(dist: string, page = "taskpane.html"): BundleReport {
  const initial = new Set(pageScripts(readFileSync(resolve(dist, page), "utf8")));
  if (initial.size === 0) throw new Error(`${page} loads no scripts: is dist/outlook-addin built?`);
  const chunks = readdirSync(dist)
    .filter((f) => f.endsWith(".js"))
    .map((file) => {
      const code = readFileSync(resolve(dist, file));
      return {
        file,
        bytes: code.length,
        gzip: gzipSync(code, { level: 9 }).length,
        initial: initial.has(file),
      };
    })
    .sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzip - a.gzip);
  const missing = [...initial].filter((f) => !chunks.some((c) => c.file === f));
  if (missing.length)
    throw new Error(`${page} loads ${missing.join(", ")}, which the build did not produce.`);
  return { chunks, initialGzip: chunks.filter((c) => c.initial).reduce((n, c) => n + c.gzip, 0) };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
