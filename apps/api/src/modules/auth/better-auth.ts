/**
 * The better-auth instance (email + password, database sessions) on the Drizzle adapter, for both
 * PGlite and PostgreSQL. Relata calls it only through `auth.api.*` from its own `/api/v1/auth/*`
 * routes, so requests keep the project's contracts, error shape and rate limits; its own HTTP
 * handler is not mounted. Organisations, memberships, invitations and API keys are Relata's own
 * tables (better-auth's organization plugin keys them by id alone, which DESIGN §4 rules out).
 */
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { uuidv7 } from '../../lib/ids.js';
import type { Db } from '../../db/client.js';
import { accounts, sessions, users, verifications } from '../../db/schema/index.js';

export interface AuthOptions {
  db: Db;
  secret: string;
  baseUrl: string;
  trustedOrigins: string[];
  /** better-auth's own messages go to the app's log (an invalid password is info, not a warning). */
  log: FastifyBaseLogger;
}

/** Sessions last 30 days and slide forward once a day of use. */
const SESSION_TTL_S = 60 * 60 * 24 * 30;

/**
 * Creates the better-auth instance. better-auth is imported on first use (≈1 s of module loading),
 * so the server starts listening without waiting for it.
 */
export async function createAuth(opts: AuthOptions) {
  const { betterAuth } = await import('better-auth');
  const { drizzleAdapter } = await import('better-auth/adapters/drizzle');
  return betterAuth({
    appName: 'Relata',
    baseURL: opts.baseUrl,
    basePath: '/api/auth',
    secret: opts.secret,
    trustedOrigins: opts.trustedOrigins,
    telemetry: { enabled: false },
    logger: {
      log: (level, message, ...args) => {
        const data = args.length ? { args } : {};
        if (level === 'error') opts.log.error(data, `better-auth: ${message}`);
        else if (level === 'debug') opts.log.debug(data, `better-auth: ${message}`);
        else opts.log.info(data, `better-auth: ${message}`);
      },
    },
    // Relata applies its own sign-in failure limit and global rate limit (plugins/security.ts).
    rateLimit: { enabled: false },
    database: drizzleAdapter(opts.db, {
      provider: 'pg',
      usePlural: true,
      schema: { users, sessions, accounts, verifications },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
    },
    user: {
      fields: { emailVerified: 'email_verified', createdAt: 'created_at', updatedAt: 'updated_at' },
    },
    session: {
      expiresIn: SESSION_TTL_S,
      updateAge: 60 * 60 * 24,
      fields: {
        expiresAt: 'expires_at',
        ipAddress: 'ip_address',
        userAgent: 'user_agent',
        userId: 'user_id',
        createdAt: 'created_at',
        updatedAt: 'updated_at',
      },
      additionalFields: {
        active_org_id: { type: 'string', required: false, input: false },
      },
    },
    account: {
      fields: {
        accountId: 'account_id',
        providerId: 'provider_id',
        userId: 'user_id',
        accessToken: 'access_token',
        refreshToken: 'refresh_token',
        idToken: 'id_token',
        accessTokenExpiresAt: 'access_token_expires_at',
        refreshTokenExpiresAt: 'refresh_token_expires_at',
        createdAt: 'created_at',
        updatedAt: 'updated_at',
      },
    },
    verification: {
      fields: { expiresAt: 'expires_at', createdAt: 'created_at', updatedAt: 'updated_at' },
    },
    advanced: {
      cookiePrefix: 'relata',
      // Secure cookies exactly when the public URL is HTTPS (e.g. behind a TLS-terminating proxy).
      useSecureCookies: opts.baseUrl.startsWith('https:'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', path: '/' },
      database: { generateId: () => uuidv7() },
    },
  });
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;

/**
 * True for errors raised by better-auth's server API (`APIError`, carrying an HTTP `statusCode`).
 * Same test as better-auth's own `isAPIError` (by name), without importing its module up front.
 */
export function isAuthError(err: unknown): err is Error & { statusCode: number } {
  return (
    err instanceof Error && err.name === 'APIError' && typeof (err as { statusCode?: unknown }).statusCode === 'number'
  );
}

/** Names of the session cookie (plain and `__Secure-` variants), to skip lookups without one. */
export const SESSION_COOKIE_MARKER = 'relata.session_token';

/**
 * The request headers better-auth's server API needs: the cookie, the user agent and the client IP
 * (as resolved by Fastify, so `RELATA_TRUST_PROXY` applies). Origin and the rest stay out: Relata
 * checks origins itself (plugins/security.ts).
 */
export function authHeaders(req: FastifyRequest): Headers {
  const h = new Headers();
  if (req.headers.cookie) h.set('cookie', req.headers.cookie);
  if (req.headers['user-agent']) h.set('user-agent', req.headers['user-agent']);
  h.set('x-forwarded-for', req.ip);
  return h;
}
