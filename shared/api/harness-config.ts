import { z } from "zod";

/**
 * What the backend's `GET /harness/config.json` answers when the local harness is on, and what the harness page
 * reads: one schema, so the two sides cannot drift.
 */
export const HarnessServedConfigSchema = z.object({
  apiUrl: z.string().min(1),
  /** The Graph simulator's origin, null without one. */
  graphUrl: z.string().nullable(),
  token: z.string().min(1),
  mailbox: z.string().min(1),
  workspace: z.string(),
  /** The local token issuer standing in for Microsoft and Google sign-in (backend/src/identity/local-issuer.ts). */
  issuer: z
    .object({
      url: z.string(),
      microsoftClientId: z.string(),
      googleClientId: z.string(),
      tenantId: z.string(),
    })
    .optional(),
});
export type HarnessServedConfig = z.infer<typeof HarnessServedConfigSchema>;
