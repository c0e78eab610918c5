import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/context.js';
import { clearSessionCookie, portalContext, requestMeta, setSessionCookie } from '../../kernel/http.js';
import { AppError } from '../../kernel/errors.js';
import { noContent } from '../../kernel/openapi.js';
import * as s from './accounts.schema.js';
import * as auth from './auth.service.js';
import * as users from './users.service.js';
import * as tokens from './tokens.service.js';
import * as appPasswords from './app-passwords.service.js';
import { findUser } from './accounts.repo.js';

const ok = z.object({ ok: z.literal(true) });

export async function accountsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const meOfRequest = async (userId: string, portalId: string) => {
    const user = await findUser(deps.db, portalId, userId);
    const portal = await deps.db.selectFrom('portals').selectAll().where('id', '=', portalId).executeTakeFirst();
    if (!user || !portal) throw new AppError('UNAUTHENTICATED', 'Log in to continue');
    return auth.meOf(user, portal);
  };

  // --- Sign-up, sign-in, sign-out -------------------------------------------------------
  r.post('/api/auth/signup', {
    config: { auth: 'public', errors: ['SLUG_RESERVED', 'SIGNUP_CLOSED', 'SLUG_TAKEN', 'RATE_LIMITED'] },
    schema: { operationId: 'signup', tags: ['auth'], summary: 'Create a portal and its owner, and sign in', body: s.signupBody, response: { 201: s.meOut } },
    handler: async (req, reply) => {
      const res = await auth.signup(deps, req.body, requestMeta(req));
      setSessionCookie(reply, deps, res.sessionToken);
      return reply.status(201).send(auth.meOf(res.user, res.portal));
    },
  });

  r.post('/api/auth/login', {
    config: { auth: 'public', errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED'] },
    schema: { operationId: 'login', tags: ['auth'], summary: 'Sign in to a portal', body: s.loginBody, response: { 200: s.meOut } },
    handler: async (req, reply) => {
      const res = await auth.login(deps, req.body, requestMeta(req));
      setSessionCookie(reply, deps, res.sessionToken);
      return auth.meOf(res.user, res.portal);
    },
  });

  r.post('/api/auth/logout', {
    config: { auth: 'user' },
    schema: { operationId: 'logout', tags: ['auth'], summary: 'End this session', response: { 204: noContent } },
    handler: async (req, reply) => {
      await auth.logout(portalContext(req, deps), req.auth?.sessionId ?? null);
      clearSessionCookie(reply, deps);
      return reply.status(204).send();
    },
  });

  r.post('/api/auth/password-reset', {
    config: { auth: 'public', errors: ['RATE_LIMITED'] },
    schema: { operationId: 'requestPasswordReset', tags: ['auth'], summary: 'Email a password reset link', body: s.resetRequestBody, response: { 202: ok } },
    handler: async (req, reply) => {
      await auth.requestPasswordReset(deps, req.body, requestMeta(req));
      return reply.status(202).send({ ok: true as const });
    },
  });

  r.post('/api/auth/password-reset/confirm', {
    config: { auth: 'public', errors: ['TOKEN_INVALID'] },
    schema: {
      operationId: 'confirmPasswordReset',
      tags: ['auth'],
      summary: 'Set a new password with a reset link token',
      body: s.resetConfirmBody,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await auth.confirmPasswordReset(deps, req.body, requestMeta(req));
      return reply.status(204).send();
    },
  });

  // --- The signed-in user -------------------------------------------------------------------
  r.get('/api/me', {
    config: { auth: 'user' },
    schema: { operationId: 'getMe', tags: ['me'], summary: 'The signed-in user, their role and portal', response: { 200: s.meOut } },
    handler: async (req) => auth.meOf(req.auth!.user, req.auth!.portal),
  });

  r.patch('/api/me', {
    config: { auth: 'user' },
    schema: { operationId: 'updateMe', tags: ['me'], summary: 'Update your profile', body: s.updateMeBody, response: { 200: s.meOut } },
    handler: async (req) => {
      const ctx = portalContext(req, deps);
      await auth.updateProfile(ctx, req.auth!.user.id, req.body);
      return meOfRequest(req.auth!.user.id, ctx.portalId);
    },
  });

  r.post('/api/me/password', {
    config: { auth: 'user', errors: ['INVALID_CREDENTIALS'] },
    schema: {
      operationId: 'changeMyPassword',
      tags: ['me'],
      summary: 'Change your password (ends your other sessions)',
      body: s.changePasswordBody,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await auth.changePassword(portalContext(req, deps), req.auth!.user.id, req.body, req.auth!.sessionId);
      return reply.status(204).send();
    },
  });

  // --- Users and roles ------------------------------------------------------------------------
  r.get('/api/users', {
    config: { auth: 'user' },
    schema: { operationId: 'listUsers', tags: ['users'], summary: 'Everyone in the portal', response: { 200: z.object({ items: z.array(s.userOut) }) } },
    handler: async (req) => ({ items: await users.getUsers(portalContext(req, deps)) }),
  });

  r.get('/api/users/invites', {
    config: { auth: 'admin' },
    schema: { operationId: 'listInvites', tags: ['users'], summary: 'Invitations sent', response: { 200: z.object({ items: z.array(s.inviteOut) }) } },
    handler: async (req) => ({ items: await users.listInvites(portalContext(req, deps)) }),
  });

  r.post('/api/users/invites', {
    config: { auth: 'admin', errors: ['PLAN_SEAT_LIMIT', 'USER_EXISTS', 'INVITE_PENDING'] },
    schema: { operationId: 'createInvite', tags: ['users'], summary: 'Invite a colleague by email', body: s.inviteBody, response: { 201: s.inviteOut } },
    handler: async (req, reply) => reply.status(201).send(await users.inviteUser(portalContext(req, deps), req.body)),
  });

  r.delete('/api/users/invites/:id', {
    config: { auth: 'admin' },
    schema: { operationId: 'revokeInvite', tags: ['users'], summary: 'Revoke an invitation', params: s.idParams, response: { 204: noContent } },
    handler: async (req, reply) => {
      await users.revokeInvite(portalContext(req, deps), req.params.id);
      return reply.status(204).send();
    },
  });

  r.post('/api/users/transfer-ownership', {
    config: { auth: 'owner', errors: ['BAD_REQUEST', 'NOT_FOUND'] },
    schema: {
      operationId: 'transferOwnership',
      tags: ['users'],
      summary: 'Make another user the owner (you become an admin)',
      body: s.transferOwnershipBody,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await users.transferOwnership(portalContext(req, deps), req.body.userId);
      return reply.status(204).send();
    },
  });

  r.get('/api/users/:id', {
    config: { auth: 'user' },
    schema: { operationId: 'getUser', tags: ['users'], summary: 'One user', params: s.idParams, response: { 200: s.userOut } },
    handler: async (req) => users.getUser(portalContext(req, deps), req.params.id),
  });

  r.patch('/api/users/:id', {
    config: { auth: 'admin', errors: ['CANNOT_CHANGE_OWNER_ROLE'] },
    schema: {
      operationId: 'changeUserRole',
      tags: ['users'],
      summary: "Change a user's role",
      params: s.idParams,
      body: s.changeRoleBody,
      response: { 200: s.userOut },
    },
    handler: async (req) => users.changeRole(portalContext(req, deps), req.params.id, req.body.role),
  });

  r.post('/api/users/:id/deactivate', {
    config: { auth: 'admin', errors: ['CANNOT_DEACTIVATE_OWNER'] },
    schema: {
      operationId: 'deactivateUser',
      tags: ['users'],
      summary: 'Deactivate a user (they keep their data)',
      params: s.idParams,
      response: { 200: s.userOut },
    },
    handler: async (req) => users.deactivateUser(portalContext(req, deps), req.params.id),
  });

  r.post('/api/users/:id/reactivate', {
    config: { auth: 'admin', errors: ['PLAN_SEAT_LIMIT'] },
    schema: { operationId: 'reactivateUser', tags: ['users'], summary: 'Reactivate a user', params: s.idParams, response: { 200: s.userOut } },
    handler: async (req) => users.reactivateUser(portalContext(req, deps), req.params.id),
  });

  // --- Invitations (public side) ----------------------------------------------------------------
  r.get('/api/invites/:token', {
    config: { auth: 'public', errors: ['INVITE_NOT_FOUND'] },
    schema: {
      operationId: 'describeInvite',
      tags: ['users'],
      summary: 'What an invitation link is for',
      params: s.tokenParams,
      response: { 200: s.invitePublicOut },
    },
    handler: async (req) => users.describeInvite(deps, req.params.token),
  });

  r.post('/api/invites/accept', {
    config: { auth: 'public', errors: ['PLAN_SEAT_LIMIT', 'INVITE_NOT_FOUND', 'USER_EXISTS', 'PORTAL_PAUSED'] },
    schema: { operationId: 'acceptInvite', tags: ['users'], summary: 'Accept an invitation and sign in', body: s.acceptInviteBody, response: { 201: s.meOut } },
    handler: async (req, reply) => {
      const res = await users.acceptInvite(deps, req.body, requestMeta(req));
      setSessionCookie(reply, deps, res.sessionToken);
      return reply.status(201).send(auth.meOf(res.user, res.portal));
    },
  });

  // --- Personal API tokens --------------------------------------------------------------------
  r.get('/api/tokens', {
    config: { auth: 'user' },
    schema: { operationId: 'listApiTokens', tags: ['tokens'], summary: 'Your API tokens', response: { 200: z.object({ items: z.array(s.apiTokenOut) }) } },
    handler: async (req) => ({ items: await tokens.listTokens(portalContext(req, deps), req.auth!.user.id) }),
  });

  r.post('/api/tokens', {
    config: { auth: 'user' },
    schema: {
      operationId: 'createApiToken',
      tags: ['tokens'],
      summary: 'Create an API token (the secret is shown once)',
      body: s.createTokenBody,
      response: { 201: s.createdTokenOut },
    },
    handler: async (req, reply) => reply.status(201).send(await tokens.createToken(portalContext(req, deps), req.auth!.user.id, req.body.name)),
  });

  r.delete('/api/tokens/:id', {
    config: { auth: 'user' },
    schema: { operationId: 'revokeApiToken', tags: ['tokens'], summary: 'Revoke an API token', params: s.idParams, response: { 204: noContent } },
    handler: async (req, reply) => {
      await tokens.revokeToken(portalContext(req, deps), req.auth!.user.id, req.params.id);
      return reply.status(204).send();
    },
  });

  // --- App passwords (CalDAV) -----------------------------------------------------------------
  r.get('/api/me/app-passwords', {
    config: { auth: 'user' },
    schema: {
      operationId: 'listAppPasswords',
      tags: ['tokens'],
      summary: 'Your app passwords for calendar apps (CalDAV at /dav/)',
      response: { 200: z.object({ items: z.array(s.appPasswordOut) }) },
    },
    handler: async (req) => ({ items: await appPasswords.listAppPasswords(portalContext(req, deps), req.auth!.user.id) }),
  });

  r.post('/api/me/app-passwords', {
    config: { auth: 'user' },
    schema: {
      operationId: 'createAppPassword',
      tags: ['tokens'],
      summary: 'Create an app password for a calendar app (shown once; user name: your email; it opens /dav/ only)',
      body: s.createAppPasswordBody,
      response: { 201: s.createdAppPasswordOut },
    },
    handler: async (req, reply) => reply.status(201).send(await appPasswords.createAppPassword(portalContext(req, deps), req.auth!.user.id, req.body.name)),
  });

  r.delete('/api/me/app-passwords/:id', {
    config: { auth: 'user' },
    schema: {
      operationId: 'revokeAppPassword',
      tags: ['tokens'],
      summary: 'Revoke an app password (at once; again is a no-op)',
      params: s.idParams,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await appPasswords.revokeAppPassword(portalContext(req, deps), req.auth!.user.id, req.params.id);
      return reply.status(204).send();
    },
  });
}
