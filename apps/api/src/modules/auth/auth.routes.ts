/**
 * `/api/v1/auth/*`: sign up, sign in, sign out and change password, on better-auth's server API.
 * These routes are public (no tenant transaction): better-auth writes users and sessions itself.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuthResult, ChangePasswordBody, Ok, SignInBody, SignUpBody } from '@relata/shared';
import { AppError } from '../../lib/errors.js';
import { openSessionInDefaultOrg } from './auth.service.js';
import { authHeaders, isAuthError } from './better-auth.js';
import { SignInLimiter } from './sign-in-limiter.js';

function forwardCookies(reply: FastifyReply, headers: Headers): void {
  const cookies = headers.getSetCookie();
  if (cookies.length) reply.header('set-cookie', cookies);
}

function toUser(u: { id: string; name: string; email: string; createdAt: Date }) {
  return { id: u.id, name: u.name, email: u.email, created_at: new Date(u.createdAt) };
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const limiter = new SignInLimiter();
  const tags = ['auth'];

  app.post(
    '/api/v1/auth/sign-up',
    {
      schema: { tags, summary: 'Create an account and sign in', body: SignUpBody, response: { 201: AuthResult } },
      config: { access: { level: 'public' } },
    },
    async (req, reply) => {
      try {
        const { headers, response } = await (
          await app.auth()
        ).api.signUpEmail({
          body: { name: req.body.name, email: req.body.email, password: req.body.password },
          headers: authHeaders(req),
          returnHeaders: true,
        });
        forwardCookies(reply, headers);
        return reply.status(201).send({ user: toUser(response.user) });
      } catch (err) {
        if (isAuthError(err) && err.statusCode === 422) {
          throw new AppError('conflict', 'An account with this email already exists; sign in instead', {
            issues: [{ path: 'body.email', message: 'is already registered' }],
          });
        }
        throw err;
      }
    },
  );

  app.post(
    '/api/v1/auth/sign-in',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password; sets the session cookie',
        description: 'After 10 failed attempts within a minute for one IP and email, answers 429 with Retry-After.',
        body: SignInBody,
        response: { 200: AuthResult },
      },
      config: { access: { level: 'public' } },
    },
    async (req, reply) => {
      const { email, password } = req.body;
      const wait = limiter.retryAfterSeconds(req.ip, email);
      if (wait > 0) {
        throw new AppError('rate_limited', `Too many failed sign-in attempts; try again in ${wait} s`, undefined, {
          'retry-after': String(wait),
        });
      }
      try {
        const { headers, response } = await (
          await app.auth()
        ).api.signInEmail({
          body: { email, password },
          headers: authHeaders(req),
          returnHeaders: true,
        });
        limiter.recordSuccess(req.ip, email);
        await openSessionInDefaultOrg(app.db, { userId: response.user.id, sessionToken: response.token });
        forwardCookies(reply, headers);
        return { user: toUser(response.user) };
      } catch (err) {
        if (isAuthError(err) && (err.statusCode === 401 || err.statusCode === 400)) {
          limiter.recordFailure(req.ip, email);
          throw new AppError('unauthorized', 'Email or password is incorrect');
        }
        throw err;
      }
    },
  );

  app.post(
    '/api/v1/auth/sign-out',
    {
      schema: { tags, summary: 'End the current session and clear its cookie', response: { 200: Ok } },
      config: { access: { level: 'public' } },
    },
    async (req, reply) => {
      try {
        const { headers } = await (await app.auth()).api.signOut({ headers: authHeaders(req), returnHeaders: true });
        forwardCookies(reply, headers);
      } catch (err) {
        // No valid session: nothing to end. Anything else is a real failure.
        if (!isAuthError(err)) throw err;
      }
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/auth/change-password',
    {
      schema: {
        tags,
        summary: 'Change the signed-in user’s password',
        body: ChangePasswordBody,
        response: { 200: Ok },
      },
      config: { access: { level: 'public' } },
    },
    async (req, reply) => {
      if (!req.credential || req.credential.kind !== 'session') {
        throw new AppError('unauthorized', 'Sign in to change your password');
      }
      try {
        const { headers } = await (
          await app.auth()
        ).api.changePassword({
          headers: authHeaders(req),
          body: {
            currentPassword: req.body.current_password,
            newPassword: req.body.new_password,
            revokeOtherSessions: req.body.revoke_other_sessions,
          },
          returnHeaders: true,
        });
        forwardCookies(reply, headers);
        return { ok: true as const };
      } catch (err) {
        if (isAuthError(err) && err.statusCode === 400) {
          throw new AppError('validation_error', 'The current password is incorrect', {
            issues: [{ path: 'body.current_password', message: 'is incorrect' }],
          });
        }
        throw err;
      }
    },
  );
};
