// Apps Script calls triggers by name in the script's global scope: only top-level function declarations count
// (a function hidden in webpack's IIFE is invisible to it). This reads them from the built file with the
// TypeScript parser (already a dev dependency), which parses plain JavaScript as well.
import ts from "typescript";
import { manifestFunctionNames, type AppsScriptManifest } from "./manifest-schema";

export function topLevelFunctions(code: string): Set<string> {
  const file = ts.createSourceFile("Code.js", code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) names.add(statement.name.text);
  }
  return names;
}

/** Names the manifest uses (plus `extra`) that the bundle does not declare at top level. */
export function checkBundleFunctions(
  code: string,
  manifest: AppsScriptManifest,
  extra: string[] = [],
): string[] {
  const declared = topLevelFunctions(code);
  return [...manifestFunctionNames(manifest), ...extra].filter((name) => !declared.has(name));
}
