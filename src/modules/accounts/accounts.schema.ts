import { z } from 'zod';

export const emailSchema = z.email({ message: 'must be an email address' }).max(254);
export const passwordSchema = z.string().min(10, { message: 'must be at least 10 characters' }).max(200, { message: 'must be at most 200 characters' });
export const nameSchema = z.string().trim().min(1, { message: 'is required' }).max(120);
export const slugInput = z.string().trim().toLowerCase().min(1, { message: 'is required' }).max(40);
export const roleSchema = z.enum(['owner', 'admin', 'member']);
export const assignableRole = z.enum(['admin', 'member']);

export const userOut = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: roleSchema,
    status: z.enum(['active', 'deactivated']),
    createdAt: z.string(),
    lastActiveAt: z.string().nullable(),
  })
  .meta({ id: 'User' });

export const portalOut = z.object({ id: z.string(), slug: z.string(), name: z.string() }).meta({ id: 'Portal' });

export const meOut = z.object({ user: userOut, role: roleSchema, portal: portalOut }).meta({ id: 'Me' });

export const signupBody = z.object({
  portalSlug: slugInput,
  portalName: nameSchema,
  name: nameSchema,
  email: emailSchema,
  password: passwordSchema,
});

export const loginBody = z.object({
  portalSlug: slugInput,
  email: emailSchema,
  password: z.string().min(1, { message: 'is required' }).max(200),
});

export const resetRequestBody = z.object({ portalSlug: slugInput, email: emailSchema });
export const resetConfirmBody = z.object({ token: z.string().min(10).max(200), password: passwordSchema });

export const updateMeBody = z.object({ name: nameSchema });
export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema });

export const idParams = z.object({ id: z.string().min(1).max(100) });
export const tokenParams = z.object({ token: z.string().min(10).max(200) });

export const changeRoleBody = z.object({ role: assignableRole });
export const transferOwnershipBody = z.object({ userId: z.string().min(1) });

export const inviteBody = z.object({ email: emailSchema, role: assignableRole.default('member') });
export const inviteOut = z
  .object({
    id: z.string(),
    email: z.string(),
    role: assignableRole,
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    createdAt: z.string(),
    expiresAt: z.string(),
    invitedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: 'Invite' });
export const invitePublicOut = z.object({
  portal: z.object({ slug: z.string(), name: z.string() }),
  email: z.string(),
  role: assignableRole,
});
export const acceptInviteBody = z.object({ token: z.string().min(10).max(200), name: nameSchema, password: passwordSchema });

export const apiTokenOut = z
  .object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })
  .meta({ id: 'ApiToken' });
export const createTokenBody = z.object({ name: z.string().trim().min(1, { message: 'is required' }).max(80) });
export const createdTokenOut = apiTokenOut.extend({ token: z.string() });

export type SignupInput = z.infer<typeof signupBody>;
export type LoginInput = z.infer<typeof loginBody>;
export type UserOut = z.infer<typeof userOut>;

/** App passwords (issue 18): for CalDAV clients only; the password is shown once. */
export const appPasswordOut = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })
  .meta({ id: 'AppPassword' });
export const createAppPasswordBody = z.object({ name: z.string().trim().min(1, { message: 'is required' }).max(80) });
export const createdAppPasswordOut = z
  .object({
    id: z.string(),
    name: z.string(),
    password: z.string().meta({ description: 'The app password, shown only in this answer; use it with your email as the user name at /dav/' }),
  })
  .meta({ id: 'CreatedAppPassword' });
