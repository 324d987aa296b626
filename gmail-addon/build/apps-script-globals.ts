// Globals that browsers or Node have and Apps Script V8 does not. The build compiles `typeof X` probes of them
// to "undefined" (libraries such as zod feature-detect with them), and the simulator records any remaining
// touch, which the tests require to be none.
export const MISSING_IN_APPS_SCRIPT = [
  "fetch",
  "URL",
  "URLSearchParams",
  "TextEncoder",
  "TextDecoder",
  "setTimeout",
  "setInterval",
  "clearTimeout",
  "clearInterval",
  "setImmediate",
  "queueMicrotask",
  "structuredClone",
  "atob",
  "btoa",
  "process",
  "Buffer",
  "window",
  "document",
  "self",
  "navigator",
  "crypto",
  "performance",
  "XMLHttpRequest",
  "localStorage",
  "indexedDB",
  "AbortController",
  "Blob",
  "Headers",
  "Request",
  "Response",
  "require",
  "module",
  "exports",
] as const;

/** webpack handles the module system names itself; only the others are folded at build time. */
export const FOLDED_TYPEOF = MISSING_IN_APPS_SCRIPT.filter(
  (n) => !["require", "module", "exports"].includes(n),
);

/**
 * Identifiers the bundle may mention without Apps Script having them, replaced at build time. zod checks
 * `value instanceof File` unguarded while describing size errors; a class nothing is an instance of keeps that
 * check false instead of a ReferenceError.
 */
export const REPLACED_IDENTIFIERS: Record<string, string> = { File: "(class AppsScriptHasNoFile {})" };
