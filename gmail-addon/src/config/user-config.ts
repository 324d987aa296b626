// Per-user settings in UserProperties (9 KB per value, 500 KB per store): connection, label sync choices.
import { MAX_LOOKBACK_DAYS } from "../../../shared";

const KEYS = {
  serverUrl: "tb.serverUrl",
  /** The Touchbase user the add-on signed in as (with the user's Google identity), shown on the homepage. */
  signedInAs: "tb.signedInAs",
  labels: "tb.labels",
  lookbackDays: "tb.lookbackDays",
  background: "tb.background",
  cacheGeneration: "tb.cacheGen",
} as const;

/** Apps Script's per-value limit for properties. Label choices must fit with room to spare for the cursor. */
export const PROPERTY_VALUE_LIMIT = 9 * 1024;
export const MAX_LABEL_BYTES = 6 * 1024;
export const DEFAULT_LOOKBACK_DAYS = 90;

export interface UserConfig {
  serverUrl: string;
  /** Empty until the first sign-in; the add-on sends ScriptApp.getIdentityToken(), never a stored secret. */
  signedInAs: string;
  labels: string[];
  /** Null until the user chooses: the workspace's default applies. */
  lookbackDays: number | null;
  background: boolean;
  cacheGeneration: string;
}

export class ConfigError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

function props_(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getUserProperties();
}

/** One read of the whole store: every card needs several values and each service call costs time. */
export function readConfig_(): UserConfig {
  return configFrom_(props_().getProperties());
}

/** The settings from an already-read property map. */
export function configFrom_(all: Record<string, string>): UserConfig {
  let labels: string[] = [];
  try {
    const parsed: unknown = JSON.parse(all[KEYS.labels] ?? "[]");
    if (Array.isArray(parsed)) labels = parsed.filter((l): l is string => typeof l === "string");
  } catch {
    labels = [];
  }
  const days = Number(all[KEYS.lookbackDays]);
  return {
    serverUrl: all[KEYS.serverUrl] || TOUCHBASE_PUBLIC_URL,
    signedInAs: all[KEYS.signedInAs] ?? "",
    labels,
    lookbackDays: Number.isInteger(days) && days > 0 ? days : null,
    background: all[KEYS.background] === "1",
    cacheGeneration: all[KEYS.cacheGeneration] ?? "0",
  };
}

/**
 * The manifest's urlFetchWhitelist is fixed at build time, so only URLs under this build's public URL can be
 * reached; anything else would fail inside UrlFetchApp with a less helpful message.
 */
export function validateServerUrl_(raw: string): string {
  const value = raw.trim().replace(/\/*$/, "/");
  if (!/^https:\/\/[^/\s]+\//i.test(value)) {
    throw new ConfigError(
      "invalid_url",
      "The server URL must start with https:// — for example " + TOUCHBASE_PUBLIC_URL,
    );
  }
  if (!value.toLowerCase().startsWith(TOUCHBASE_PUBLIC_URL.toLowerCase())) {
    throw new ConfigError(
      "url_not_allowed",
      `This installation of the add-on can only reach ${TOUCHBASE_PUBLIC_URL}. Ask your administrator for a build for your server.`,
    );
  }
  return value;
}

export function validateLookback_(raw: string): number {
  const days = Number(raw.trim());
  if (!Number.isInteger(days) || days < 1 || days > MAX_LOOKBACK_DAYS) {
    throw new ConfigError(
      "invalid_lookback",
      `Lookback must be a whole number of days from 1 to ${MAX_LOOKBACK_DAYS}.`,
    );
  }
  return days;
}

export function validateLabels_(labels: string[]): string[] {
  const unique = [...new Set(labels.map((l) => l.trim()).filter(Boolean))];
  if (JSON.stringify(unique).length > MAX_LABEL_BYTES) {
    throw new ConfigError(
      "too_many_labels",
      "Too many labels are selected to remember. Choose fewer labels.",
    );
  }
  return unique;
}

export function saveConnection_(serverUrl: string, signedInAs: string): void {
  props_().setProperties({ [KEYS.serverUrl]: serverUrl, [KEYS.signedInAs]: signedInAs });
  bumpCacheGeneration_();
}

export function saveSyncChoices_(labels: string[], lookbackDays: number, background: boolean): void {
  props_().setProperties({
    [KEYS.labels]: JSON.stringify(labels),
    [KEYS.lookbackDays]: String(lookbackDays),
    [KEYS.background]: background ? "1" : "0",
  });
}

export function setBackground_(on: boolean): void {
  props_().setProperty(KEYS.background, on ? "1" : "0");
}

/** Every cached lookup carries the generation in its key, so bumping it forgets them all at once. */
export function bumpCacheGeneration_(): void {
  props_().setProperty(KEYS.cacheGeneration, String(Date.now()));
}

export function isConnected_(config: UserConfig): boolean {
  return config.signedInAs.length > 0;
}
