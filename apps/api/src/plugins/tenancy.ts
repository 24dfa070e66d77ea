/**
 * Authentication and tenancy for every `/api/v1` route.
 *
 * Each route declares `config.access` (a route without it fails to register):
 * - `public`: no credential needed; the handler manages its own transactions.
 * - `user`: a signed-in user (API keys only where `apiKey: true`); the organisation may be null.
 * - `org`: a member of the active organisation with at least `minRole` (default viewer for reads,
 *   member for writes) and, for API keys, the `scope` (default read for GET, write otherwise).
 *
 * For `user` and `org` routes the handler is wrapped so that authentication, authorisation and the
 * handler itself run in ONE transaction as `relata_app` with `app.org_id` set (beginRequest):
 * nothing happens before the caller is known and allowed, and nothing is half-written on error.
 * Handlers read `req.tx` and `req.ctx` (or `req.org` on org routes). A POST with an
 * `Idempotency-Key` is claimed (or replayed) in that transaction before its handler runs
 * (plugins/idempotency.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'drizzle-orm';
import { type RecordVisibility, type Role, type Scope, roleAtLeast, scopeAllows, ROLE_LABELS } from '@relata/shared';
import type { Tx } from '../db/client.js';
import { AppError } from '../lib/errors.js';
import { hashToken, orgOfToken } from '../lib/tokens.js';
import { authHeaders, SESSION_COOKIE_MARKER } from '../modules/auth/better-auth.js';
import { claimIdempotencyKey, idempotencyOf, rememberResponse, replay, runStreamedClaim } from './idempotency.js';

export type Access =
  { level: 'public' } | { level: 'user'; apiKey?: boolean } | { level: 'org'; minRole?: Role; scope?: Scope };

/** What the request presented, before any database check. */
export type Credential =
  | { kind: 'api_key'; orgId: string; keyHash: string }
  | { kind: 'session'; userId: string; sessionId: string; activeOrgId: string | null };

/** The authenticated caller. `orgId`/`role`/`membershipId` are null when no organisation applies. */
export interface RequestContext {
  userId: string;
  orgId: string | null;
  role: Role | null;
  membershipId: string | null;
  /** The active organisation's record settings (null when no organisation applies). */
  orgSettings: OrgSettings | null;
  auth: { kind: 'session'; sessionId: string } | { kind: 'api_key'; keyId: string; scopes: Scope[] };
}

/** Organisation settings every CRM-record request needs, read by the request's first statement. */
export interface OrgSettings {
  recordVisibility: RecordVisibility;
  /** ISO 3166-1 region for phone numbers without a country code. */
  defaultRegion: string;
}

/** The caller on an `org` route: always a member of `orgId`. */
export interface OrgContext extends RequestContext {
  orgId: string;
  role: Role;
  membershipId: string;
  orgSettings: OrgSettings;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * The response carries a secret shown once (an API key, an invitation link, a feed token): it is
     * never stored for an `Idempotency-Key` replay, so the header is ignored (plugins/idempotency.ts).
     */
    secretResponse?: boolean;
    /**
     * The body is a raw stream the handler reads (the import upload): an `Idempotency-Key` is
     * claimed after the handler, with the SHA-256 of the bytes it read (`setStreamDigest`), so the
     * same key with another file is refused (plugins/idempotency.ts `runStreamedClaim`).
     */
    streamedBody?: boolean;
    /**
     * Run the request transaction at REPEATABLE READ: every statement of the handler reads one
     * snapshot. For long reads in several statements that must be consistent (exports read keyset
     * batches of up to a million records, modules/exports).
     */
    snapshot?: boolean;
  }
  interface FastifyRequest {
    credential: Credential | null;
    /** This request's tenant transaction (user and org routes only). */
    tx: Tx;
    /** The authenticated caller (user and org routes only). */
    ctx: RequestContext;
    /** The caller as a member of the active organisation (org routes only). */
    readonly org: OrgContext;
    /** How this request's transaction ended; the response waits for it (user and org routes). */
    txOutcome: Promise<'committed' | 'rolled-back'> | null;
  }
}

export const API_KEY_PREFIX = 'rk';

const unauthorized = (message: string) => new AppError('unauthorized', message);

interface OrgRow {
  record_visibility: string;
  default_region: string;
}
const settingsOf = (row: OrgRow): OrgSettings => ({
  recordVisibility: row.record_visibility as RecordVisibility,
  defaultRegion: row.default_region,
});

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/**
 * Opens the request's tenant scope and identifies the caller in one statement (SQL functions of
 * migrations 0003 and 0007): role relata_app, app.org_id and app.user_id set transaction-locally, and
 * the caller's key / membership and the organisation's record settings returned. A removed member's session simply finds no membership.
 */
async function beginRequest(tx: Tx, cred: Credential): Promise<RequestContext> {
  if (cred.kind === 'api_key') {
    const [row] = rowsOf<
      { key_id: string; scopes: Scope[]; user_id: string; membership_id: string; role: Role } & OrgRow
    >(await tx.execute(sql`select * from relata_begin_api_key(${cred.orgId}, ${cred.keyHash})`));
    if (!row) throw unauthorized('The API key is invalid, revoked or expired');
    return {
      userId: row.user_id,
      orgId: cred.orgId,
      role: row.role,
      membershipId: row.membership_id,
      orgSettings: settingsOf(row),
      auth: { kind: 'api_key', keyId: row.key_id, scopes: row.scopes },
    };
  }
  const [m] = rowsOf<{ membership_id: string; role: Role } & OrgRow>(
    await tx.execute(sql`select * from relata_begin_session(${cred.activeOrgId}, ${cred.userId})`),
  );
  const base = { userId: cred.userId, auth: { kind: 'session' as const, sessionId: cred.sessionId } };
  if (!m) {
    // No (longer a) member of the active organisation: keep RLS closed to it.
    if (cred.activeOrgId) await tx.execute(sql`select set_config('app.org_id', '', true)`);
    return { ...base, orgId: null, role: null, membershipId: null, orgSettings: null };
  }
  return {
    ...base,
    orgId: cred.activeOrgId,
    role: m.role,
    membershipId: m.membership_id,
    orgSettings: settingsOf(m),
  };
}

function authorize(ctx: RequestContext, access: Access, method: string): void {
  if (access.level === 'public') return;
  if (access.level === 'user') {
    if (ctx.auth.kind === 'api_key' && !access.apiKey) {
      throw new AppError('forbidden', 'This action needs a signed-in user; API keys cannot perform it');
    }
    return;
  }
  if (!ctx.orgId || !ctx.role) {
    throw new AppError('forbidden', 'Choose an organisation first: you are not a member of an active organisation', {
      reason: 'no_active_organization',
    });
  }
  const isRead = method === 'GET' || method === 'HEAD';
  const minRole = access.minRole ?? (isRead ? 'viewer' : 'member');
  if (!roleAtLeast(ctx.role, minRole)) {
    throw new AppError(
      'forbidden',
      `This action needs the ${ROLE_LABELS[minRole].toLowerCase()} role or higher; you are ${ROLE_LABELS[ctx.role].toLowerCase()}`,
      { required_role: minRole },
    );
  }
  if (ctx.auth.kind === 'api_key') {
    const scope = access.scope ?? (isRead ? 'read' : 'write');
    if (!scopeAllows(ctx.auth.scopes, scope)) {
      throw new AppError('forbidden', `This API key lacks the "${scope}" scope`, { required_scope: scope });
    }
  }
}

/** Reads the credential from `Authorization: Bearer` or the session cookie (better-auth). */
async function readCredential(app: FastifyInstance, req: FastifyRequest): Promise<Credential | null> {
  const authz = req.headers.authorization;
  if (authz !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(authz);
    const orgId = m ? orgOfToken(API_KEY_PREFIX, m[1]!) : null;
    if (!m || !orgId) throw unauthorized('Malformed Authorization header; expected "Bearer <API key>"');
    return { kind: 'api_key', orgId, keyHash: hashToken(m[1]!) };
  }
  if (!req.headers.cookie?.includes(SESSION_COOKIE_MARKER)) return null;
  const auth = await app.auth();
  const found = await auth.api.getSession({ headers: authHeaders(req) });
  if (!found) return null;
  const session = found.session as { id: string; userId: string; active_org_id?: string | null };
  return { kind: 'session', userId: session.userId, sessionId: session.id, activeOrgId: session.active_org_id ?? null };
}

const snapshotOf = (config: { snapshot?: boolean } | undefined) =>
  config?.snapshot ? ({ isolationLevel: 'repeatable read' } as const) : undefined;

export const tenancyPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('credential', null);
  app.decorateRequest('tx', null as unknown as Tx);
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('txOutcome', null);
  app.decorateRequest('org', {
    getter(this: FastifyRequest) {
      const ctx = this.ctx;
      if (!ctx?.orgId || !ctx.role || !ctx.membershipId) throw new Error('req.org used outside an org route');
      return ctx as OrgContext;
    },
  });

  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/v1/')) return;
    req.credential = await readCredential(app, req);
  });

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no config.access`);
    if (access.level === 'public') return;
    const handler = route.handler;
    route.handler = async function wrapped(req, reply) {
      const cred = req.credential;
      if (!cred) throw unauthorized('Sign in, or send an API key as "Authorization: Bearer <key>"');
      let settle!: (outcome: 'committed' | 'rolled-back') => void;
      req.txOutcome = new Promise((resolve) => (settle = resolve));
      try {
        const result = await app.db.transaction(async (tx) => {
          const ctx = await beginRequest(tx, cred);
          authorize(ctx, access, req.method);
          req.tx = tx;
          req.ctx = ctx;
          const claim = idempotencyOf(req, ctx);
          if (!claim) return handler.call(this, req, reply);
          if (route.config?.streamedBody) {
            return runStreamedClaim(tx, {
              req,
              reply,
              claim,
              run: async () => handler.call(this, req, reply) as unknown,
            });
          }
          const stored = await claimIdempotencyKey(tx, claim);
          if (stored) return replay(reply, stored);
          const out: unknown = await handler.call(this, req, reply);
          await rememberResponse(tx, claim, { reply, result: out });
          return out;
        }, snapshotOf(route.config));
        settle('committed');
        return result;
      } catch (err) {
        settle('rolled-back');
        throw err;
      }
    };
  });

  // A handler may call reply.send() inside its transaction: hold the bytes until the transaction has
  // committed, so a client never sees success for data that is not (or never will be) stored.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.txOutcome) return payload;
    const outcome = await req.txOutcome;
    if (outcome === 'rolled-back' && reply.statusCode < 400) {
      throw new Error('the transaction rolled back after a success response was prepared');
    }
    return payload;
  });
});
