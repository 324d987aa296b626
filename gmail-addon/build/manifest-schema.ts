import { z } from "zod";

// Our own strict schema of appsscript.json for a Gmail Workspace add-on. SchemaStore's schema accepts unknown
// keys, lacks `composeTrigger` and rejects valid manifests when formats are checked; this one rejects every key
// Google does not document, so a typo fails the build instead of silently disabling a trigger.
// Reference: developers.google.com/apps-script/manifest (top level, addons, gmail-addons).

/** A global function name: Apps Script resolves it in the script's top-level scope. */
const functionName = z.string().regex(/^[A-Za-z_$][\w$]*$/, "must be a function name");
const scope = z.string().regex(
  // `openid` is the one scope without a URL (ScriptApp.getIdentityToken needs it).
  /^(openid|https:\/\/(www\.googleapis\.com\/auth\/[\w.]+|mail\.google\.com\/))$/,
  "must be an OAuth scope URL or openid",
);
/** Google requires https and a path: "https://example.com/" at least; a leading "*." allows subdomains. */
const httpsPrefix = z
  .string()
  .regex(
    /^https:\/\/(\*\.)?[^/*?#\s]+\/[^*\s]*$/,
    "must be an https URL prefix with a path, e.g. https://example.com/",
  );
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a #rrggbb colour");

const HomepageTriggerSchema = z
  .object({ runFunction: functionName, enabled: z.boolean().optional() })
  .strict();

const UniversalActionSchema = z
  .object({
    label: z.string().min(1).max(100),
    openLink: httpsPrefix.optional(),
    runFunction: functionName.optional(),
  })
  .strict()
  .refine((a) => (a.openLink === undefined) !== (a.runFunction === undefined), {
    message: "a universal action has exactly one of openLink or runFunction",
  });

const CommonSchema = z
  .object({
    name: z.string().min(1).max(100),
    logoUrl: z.string().regex(/^https:\/\//, "must be an https URL"),
    layoutProperties: z
      .object({ primaryColor: color.optional(), secondaryColor: color.optional() })
      .strict()
      .optional(),
    homepageTrigger: HomepageTriggerSchema.optional(),
    universalActions: z.array(UniversalActionSchema).max(10).optional(),
    openLinkUrlPrefixes: z.array(httpsPrefix).optional(),
    useLocaleFromApp: z.boolean().optional(),
  })
  .strict();

const ContextualTriggerSchema = z
  .object({ unconditional: z.object({}).strict(), onTriggerFunction: functionName })
  .strict();

const ComposeTriggerSchema = z
  .object({
    selectActions: z
      .array(z.object({ text: z.string().min(1), runFunction: functionName }).strict())
      .min(1)
      .max(1, "Google allows one compose select action per add-on"),
    draftAccess: z.enum(["NONE", "METADATA"]).optional(),
  })
  .strict();

const GmailSchema = z
  .object({
    homepageTrigger: HomepageTriggerSchema.optional(),
    contextualTriggers: z.array(ContextualTriggerSchema).optional(),
    composeTrigger: ComposeTriggerSchema.optional(),
  })
  .strict();

const AddOnsSchema = z.object({ common: CommonSchema, gmail: GmailSchema }).strict();

const DependenciesSchema = z
  .object({
    enabledAdvancedServices: z
      .array(z.object({ userSymbol: z.string(), serviceId: z.string(), version: z.string() }).strict())
      .optional(),
    libraries: z
      .array(
        z
          .object({
            userSymbol: z.string(),
            libraryId: z.string(),
            version: z.string(),
            developmentMode: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export const GMAIL_ADDON_EXECUTE = "https://www.googleapis.com/auth/gmail.addons.execute";
export const CURRENT_MESSAGE_METADATA =
  "https://www.googleapis.com/auth/gmail.addons.current.message.metadata";
export const CURRENT_MESSAGE_READONLY =
  "https://www.googleapis.com/auth/gmail.addons.current.message.readonly";
export const EXTERNAL_REQUEST = "https://www.googleapis.com/auth/script.external_request";

export const AppsScriptManifestSchema = z
  .object({
    timeZone: z.string().min(1),
    runtimeVersion: z.literal("V8"),
    exceptionLogging: z.enum(["NONE", "STACKDRIVER"]).optional(),
    oauthScopes: z.array(scope).min(1),
    urlFetchWhitelist: z.array(httpsPrefix).optional(),
    dependencies: DependenciesSchema.optional(),
    addOns: AddOnsSchema,
  })
  .strict()
  .superRefine((m, ctx) => {
    const scopes = new Set(m.oauthScopes);
    if (new Set(m.oauthScopes).size !== m.oauthScopes.length) {
      ctx.addIssue({ code: "custom", path: ["oauthScopes"], message: "a scope is listed twice" });
    }
    if ((m.addOns.gmail.contextualTriggers?.length ?? 0) > 0 && !scopes.has(GMAIL_ADDON_EXECUTE)) {
      ctx.addIssue({
        code: "custom",
        path: ["oauthScopes"],
        message: `Gmail triggers need ${GMAIL_ADDON_EXECUTE}`,
      });
    }
    if (
      m.addOns.gmail.composeTrigger?.draftAccess === "METADATA" &&
      !scopes.has(CURRENT_MESSAGE_METADATA) &&
      !scopes.has(CURRENT_MESSAGE_READONLY)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["addOns", "gmail", "composeTrigger", "draftAccess"],
        message: `draftAccess METADATA needs ${CURRENT_MESSAGE_METADATA}`,
      });
    }
    if ((m.urlFetchWhitelist?.length ?? 0) > 0 && !scopes.has(EXTERNAL_REQUEST)) {
      ctx.addIssue({
        code: "custom",
        path: ["oauthScopes"],
        message: `urlFetchWhitelist needs ${EXTERNAL_REQUEST}`,
      });
    }
  });

export type AppsScriptManifest = z.infer<typeof AppsScriptManifestSchema>;

/** Every function the manifest asks Apps Script to call. */
export function manifestFunctionNames(manifest: AppsScriptManifest): string[] {
  const names: string[] = [];
  const common = manifest.addOns.common;
  if (common.homepageTrigger) names.push(common.homepageTrigger.runFunction);
  for (const a of common.universalActions ?? []) if (a.runFunction) names.push(a.runFunction);
  const gmail = manifest.addOns.gmail;
  if (gmail.homepageTrigger) names.push(gmail.homepageTrigger.runFunction);
  for (const t of gmail.contextualTriggers ?? []) names.push(t.onTriggerFunction);
  for (const a of gmail.composeTrigger?.selectActions ?? []) names.push(a.runFunction);
  return [...new Set(names)];
}
