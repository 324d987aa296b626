import { z } from "zod";

// The wire contract of sign-in and membership (issue 10): which Microsoft tenants and Google Workspace domains a
// workspace claims, invitations by address, and the browser session. Kept apart from schemas.ts so the routes of
// identity grow here without touching the rest of the contract.

/** A Microsoft Entra tenant id: a GUID, compared in lower case. */
export const MicrosoftTenantIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "must be a tenant id (a GUID)");
/** A Google Workspace primary domain, as Google puts it in the `hd` claim. */
export const GoogleDomainSchema = z.string().trim().min(3).max(253);

export const WorkspaceClaimsSchema = z.object({
  microsoftTenantIds: z.array(MicrosoftTenantIdSchema).max(50),
  googleDomains: z.array(GoogleDomainSchema).max(50),
});

export const InvitationRoleSchema = z.enum(["admin", "member"]);
export const InvitationCreateSchema = z
  .object({
    email: z.string().trim().min(3).max(320),
    role: InvitationRoleSchema.default("member"),
    /** How long the invitation stays open; 14 days unless said otherwise. */
    expiresInDays: z.number().int().min(1).max(90).default(14),
  })
  .strict();
export const InvitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: InvitationRoleSchema,
  status: z.enum(["pending", "accepted", "revoked", "expired"]),
  invitedBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
});
export const InvitationListSchema = z.object({ invitations: z.array(InvitationSchema) });

/** `GET /session`: who is signed in to this browser, and the CSRF token its state-changing requests must send. */
export const SessionSchema = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: InvitationRoleSchema,
    workspaceId: z.string(),
  }),
  workspace: z.object({ id: z.string(), name: z.string() }),
  /** Send it back as the `X-CSRF-Token` header on every POST, PUT, PATCH and DELETE made with the cookie. */
  csrfToken: z.string(),
  /** How this session began: `link` (one-time link) or the sign-in provider. */
  via: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export const SignOutResultSchema = z.object({ signedOut: z.number().int() });

/** The header a cookie-authenticated state-changing request carries its CSRF token in. */
export const CSRF_HEADER = "x-csrf-token";

export type WorkspaceClaims = z.infer<typeof WorkspaceClaimsSchema>;
export type InvitationCreate = z.input<typeof InvitationCreateSchema>;
export type Invitation = z.infer<typeof InvitationSchema>;
export type Session = z.infer<typeof SessionSchema>;
