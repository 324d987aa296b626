import { Fragment, useEffect, useState } from "react";

// Dates relative ("3 days ago") with the absolute date on hover; domains in Unicode.

const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

export function relativeDate(iso: string, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return relative.format(Math.round(diff / ms), unit);
  }
  return "just now";
}

export function absoluteDate(iso: string): string {
  return absolute.format(new Date(iso));
}

export function When({ iso, empty = "Never" }: { iso: string | null | undefined; empty?: string }) {
  if (!iso) return <span>{empty}</span>;
  return (
    // "3 days ago" stays on one line: a narrow column wraps the cell's other text instead.
    <time dateTime={iso} title={absoluteDate(iso)} style={{ whiteSpace: "nowrap" }}>
      {relativeDate(iso)}
    </time>
  );
}

let toUnicode: ((domain: string) => string) | null = null;
/** A host name with a punycode label in it (`xn--bcher-kva.de`, `mail.xn--bcher-kva.de`). */
const PUNYCODE_HOST = /[a-z0-9.-]*xn--[a-z0-9.-]*/gi;
const unicodeHosts = (text: string) => (toUnicode ? text.replace(PUNYCODE_HOST, toUnicode) : text);

/**
 * Text with its domains as people write them: `hana@bücher.example`, not `hana@xn--bcher-kva.example` (stored and
 * sent in punycode, as the protocol needs). tr46 is loaded only when a punycode label is on screen, so the first
 * page stays small. With `breakAfterAt`, a long address may wrap after its `@` (never inside a word).
 */
export function Hosts({ value, breakAfterAt = false }: { value: string; breakAfterAt?: boolean }) {
  const needs = value.includes("xn--");
  // Derived from the value on every render; the state only re-renders once tr46 has arrived.
  const [, setLoaded] = useState(toUnicode !== null);
  useEffect(() => {
    if (!needs || toUnicode) return;
    let live = true;
    void import(/* webpackChunkName: "tr46" */ "tr46").then((tr46) => {
      toUnicode = (d) => tr46.toUnicode(d, { useSTD3ASCIIRules: true }).domain;
      if (live) setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [needs]);
  const shown = needs ? unicodeHosts(value) : value;
  const parts = breakAfterAt ? shown.split("@") : [shown];
  return (
    <span title={shown !== value ? value : undefined}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && (
            <>
              @<wbr />
            </>
          )}
        </Fragment>
      ))}
    </span>
  );
}

/** A domain as people write it (see Hosts). */
export const Domain = ({ value }: { value: string }) => <Hosts value={value} />;
