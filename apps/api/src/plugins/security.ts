/**
 * Transport-level protection: security headers (helmet), a global rate limit per API key, session
 * or IP, and cross-origin request protection for cookie-authenticated writes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import { AppError, invalid } from '../lib/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-origin protection for state-changing requests, following Go 1.25's
 * `net/http.CrossOriginProtection` (Filippo Valsorda, "Cross-Site Request Forgery", 2025):
 * a request passes when `Sec-Fetch-Site` is `same-origin` or `none`; otherwise when its `Origin`
 * is the request's own host or a trusted origin; a request with neither header is not from a
 * browser and passes. Requests carrying `Authorization` are exempt (no ambient credential).
 */
export function isCrossOriginWrite(req: FastifyRequest, trustedOrigins: readonly string[]): boolean {
  if (SAFE_METHODS.has(req.method) || req.headers.authorization) return false;
  const site = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  if (site === 'same-origin' || site === 'none') return false;
  if (origin && origin !== 'null') {
    if (trustedOrigins.includes(origin)) return false;
    try {
      if (new URL(origin).host === req.headers.host) return false;
    } catch {
      return true;
    }
    return true;
  }
  // Sec-Fetch-Site cross-site/same-site without a trusted Origin: a browser on another site.
  return site !== undefined;
}

/**
 * Finds the first string (value or key) containing U+0000 in a parsed request part. PostgreSQL
 * text cannot store NUL, so such input is refused with a 400 naming the field instead of failing
 * deep in the database.
 */
export function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const sub = `${path}.${k}`;
    if (k.includes('\u0000')) return sub;
    const found = findNul(v, sub, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Rate-limit bucket: the API key (hashed), else the session cookie (hashed), else the client IP. */
function rateKey(req: FastifyRequest): string {
  const auth = req.headers.authorization;
  if (auth) return `k:${createHash('sha256').update(auth).digest('base64url').slice(0, 22)}`;
  const session = /relata\.session_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  if (session) return `s:${createHash('sha256').update(session).digest('base64url').slice(0, 22)}`;
  return `ip:${req.ip}`;
}

export const securityPlugin = fp(async (app: FastifyInstance, opts: { config: Config }) => {
  const { config } = opts;
  const https = config.baseUrl.startsWith('https:');
  // Helmet's middleware, built once: @fastify/helmet 13 calls helmet(options) — option checks and CSP
  // directive normalisation — on every request (~30 µs of CPU each, profile of bench/analytics).
  // The middleware only sets and removes response headers on the raw response, as that plugin does.
  const securityHeaders = helmet({
    // HSTS only makes sense when the app is served over HTTPS.
    strictTransportSecurity: https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets style attributes at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (req, reply, done) => {
    securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });

  await app.register(rateLimit, {
    global: true,
    max: config.rateLimit,
    timeWindow: '1 minute',
    keyGenerator: rateKey,
    // The API and the calendar feeds (whose secret tokens must not be guessable by brute force).
    allowList: (req) => !req.url.startsWith('/api/') && !req.url.startsWith('/ical/'),
    errorResponseBuilder: (_req, ctx) =>
      new AppError('rate_limited', `Too many requests; retry in ${Math.ceil(ctx.ttl / 1000)} s`, undefined, {
        'retry-after': String(Math.ceil(ctx.ttl / 1000)),
      }),
  });

  app.addHook('preValidation', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const where = findNul(req.params, 'params') ?? findNul(req.query, 'query') ?? findNul(req.body, 'body');
    if (where) throw invalid([{ path: where, message: 'must not contain NUL (\\u0000) characters' }]);
  });

  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    if (isCrossOriginWrite(req, config.trustedOrigins)) {
      throw new AppError('forbidden', 'Cross-origin request refused: the Origin is not this site or a trusted origin');
    }
  });
});
