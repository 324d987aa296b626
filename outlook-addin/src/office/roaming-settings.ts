import { z } from "zod";
import { getOffice, officeCall, OfficeError } from "./office-runtime";
import { defaultServerUrl } from "../graph/entra-client-id";
import { DEFAULT_SYNC_EVERY_MINUTES, SYNC_EVERY_MINUTES } from "../sync/folder-schedule";

// Settings live in Office roaming settings (Mailbox 1.1): they follow the user to every Outlook they sign in
// to. Office caps the whole store at 32 KB, which is why folders are stored as ids + names, not trees.

const KEY = "touchbase.settings.v1";
const MAX_BYTES = 32 * 1024;

export const FolderChoiceSchema = z.object({
  /** A Graph folder id, or a well-known name (`inbox`, `sentitems`). */
  id: z.string().min(1).max(500),
  name: z.string().max(300),
});

export const AddinSettingsSchema = z.object({
  serverUrl: z
    .string()
    .trim()
    .max(2000)
    .refine(
      (v) => v === "" || /^https?:\/\/[^\s/]+/i.test(v),
      "The server URL must start with https:// (or http://).",
    ),
  /**
   * Legacy: the API token older builds asked for. Never written any more; read once so the local data of the same
   * user survives the move to sign-in (auth/legacy-token.ts), then cleared.
   */
  apiToken: z.string().trim().max(500),
  /** The user signed out: the pane waits for Sign in instead of resuming the Microsoft session silently. */
  signedOut: z.boolean(),
  folders: z.array(FolderChoiceSchema).max(50),
  autoSyncOnOpen: z.boolean(),
  lookbackDays: z.number().int().min(1).max(3650),
  /** How often folders synced once are synced again while the add-in runs (minutes). */
  syncEveryMinutes: z.number().int().min(SYNC_EVERY_MINUTES.min).max(SYNC_EVERY_MINUTES.max),
});

export type AddinSettings = z.infer<typeof AddinSettingsSchema>;
export type FolderChoice = z.infer<typeof FolderChoiceSchema>;

export const DEFAULT_SETTINGS: AddinSettings = {
  // Baked in at build time (TOUCHBASE_SERVER_URL, else where the add-in is served from); Settings may change it.
  serverUrl: defaultServerUrl(),
  apiToken: "",
  signedOut: false,
  folders: [
    { id: "inbox", name: "Inbox" },
    { id: "sentitems", name: "Sent Items" },
  ],
  autoSyncOnOpen: false,
  lookbackDays: 90,
  syncEveryMinutes: DEFAULT_SYNC_EVERY_MINUTES,
};

/** The stored settings merged over the defaults; a corrupt or foreign value falls back field by field. */
export function loadSettings(): AddinSettings {
  let stored: unknown;
  try {
    stored = getOffice().context.roamingSettings.get(KEY);
  } catch {
    stored = undefined;
  }
  const raw = typeof stored === "string" ? safeJson(stored) : stored;
  const result: AddinSettings = { ...DEFAULT_SETTINGS };
  if (raw && typeof raw === "object") {
    const shape = AddinSettingsSchema.shape;
    for (const key of Object.keys(shape) as (keyof AddinSettings)[]) {
      const parsed = shape[key].safeParse((raw as Record<string, unknown>)[key]);
      if (parsed.success) (result as Record<string, unknown>)[key] = parsed.data;
    }
  }
  return result;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Validates and saves a change; throws an OfficeError with the first problem's sentence when invalid. */
export async function saveSettings(patch: Partial<AddinSettings>): Promise<AddinSettings> {
  const next = AddinSettingsSchema.safeParse({ ...loadSettings(), ...patch });
  if (!next.success) {
    throw new OfficeError(
      "invalid_settings",
      next.error.issues[0]?.message ?? "These settings are not valid.",
    );
  }
  const text = JSON.stringify(next.data);
  if (text.length > MAX_BYTES) {
    throw new OfficeError(
      "settings_too_large",
      "Too many folders are selected to save. Choose fewer folders.",
    );
  }
  const settings = getOffice().context.roamingSettings;
  settings.set(KEY, text);
  await officeCall<void>((cb) => settings.saveAsync(cb), {
    code: "settings_not_saved",
    message: "Outlook could not save your Touchbase settings. Try again.",
  });
  return next.data;
}
