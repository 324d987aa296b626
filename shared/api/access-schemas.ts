import { z } from "zod";
import { RoleSchema } from "./schemas";

// Personal access tokens and workspace members (`/api/v1/tokens`, `/api/v1/users`). Kept apart from schemas.ts so
// the identity work can grow here without touching the sync contract.

const id = z.string().min(1).max(64);
const isoDate = z.string().min(1);

export const MAX_TOKEN_DAYS = 3650;

export const AccessTokenSchema = z.object({
  id,
  name: z.string(),
  /** `api`: a personal access token; `harness`: the local demo harness's token (see backend/README.md). */
  kind: z.enum(["api", "harness"]),
  userId: id,
  userEmail: z.string(),
  createdAt: isoDate,
  expiresAt: isoDate.nullable(),
  lastUsedAt: isoDate.nullable(),
  /** True for the token this request was made with. */
  current: z.boolean(),
});
export const AccessTokenListSchema = z.object({ tokens: z.array(AccessTokenSchema) });
export const AccessTokenListQuerySchema = z.object({
  /** `workspace` (admins): every member's tokens; default: the caller's own. */
  scope: z.enum(["mine", "workspace"]).default("mine"),
});
export const AccessTokenCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** When the token stops working (ISO 8601, in the future, at most ten years ahead); omit for no expiry. */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    /** The same as a number of days from now; give one of the two. */
    expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional(),
  })
  .strict();
/** The created token with its secret: the only time the secret is ever shown. */
export const AccessTokenCreatedSchema = AccessTokenSchema.extend({ token: z.string() });

export const MemberSchema = z.object({
  id,
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  createdAt: isoDate,
  /** Set when an admin deactivated the member: every request of theirs is refused until reactivated. */
  deactivatedAt: isoDate.nullable(),
});
export const MemberListSchema = z.object({ users: z.array(MemberSchema) });
export const MemberPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: RoleSchema.optional(),
    /** true deactivates, false reactivates. */
    deactivated: z.boolean().optional(),
  })
  .strict();

export type AccessToken = z.infer<typeof AccessTokenSchema>;
export type AccessTokenCreate = z.infer<typeof AccessTokenCreateSchema>;
export type AccessTokenCreated = z.infer<typeof AccessTokenCreatedSchema>;
export type Member = z.infer<typeof MemberSchema>;
export type MemberPatch = z.infer<typeof MemberPatchSchema>;
