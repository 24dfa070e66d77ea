/**
 * `Idempotency-Key` on writes (DESIGN §5; draft-ietf-httpapi-idempotency-key-header-06): a client
 * that retries a POST with the same key gets the first response again instead of a second record.
 *
 * - Honoured on every POST of an organisation route (creates, transitions, moves, conversions) by
 *   the tenancy wrapper (plugins/tenancy.ts), after authentication and authorisation and inside the
 *   request's transaction; other methods ignore the header (they are idempotent or versioned), and
 *   so do routes whose response carries a secret shown once (`config.secretResponse`: API keys,
 *   invitation links, calendar-feed tokens), which is never stored.
 * - Scope: organisation + caller (`user:<id>` for a session, `key:<id>` for an API key) + key, so two
 *   callers never see each other's responses. A key is 1–255 visible ASCII characters (400
 *   `headers.idempotency-key` otherwise) and lives for {@link IDEMPOTENCY_TTL_MS}.
 * - The first request claims the key (a row inserted before the handler runs); a concurrent retry
 *   waits on that row's unique index until the first commits, then replays its response. The row is
 *   written in the request's transaction, so a failed request (4xx/5xx) leaves no claim and a retry
 *   runs afresh: only successes are replayed.
 * - A retry must be the same request (method, path with query, JSON body — SHA-256 fingerprint);
 *   the same key with another request → 422 (the draft's "key reused with a different payload").
 * - Routes whose body is a raw stream the handler reads itself (`config.streamedBody`: the import
 *   upload) have no JSON body to fingerprint before the handler runs. Their handler reports the
 *   SHA-256 of the bytes it read (`setStreamDigest`), and the key is claimed AFTER the handler, inside
 *   a savepoint around it (`runStreamedClaim`): a new key keeps the handler's writes; a replay rolls
 *   them back to the savepoint and sends the stored response; another file under the same key →
 *   422 (the whole request rolls back). Concurrent retries each run the handler, and the later one
 *   waits on the key's unique index, then replays (its own writes rolled back).
 * - A replay answers with the stored status, body (the handler's result as JSON) and ETag, plus
 *   `Idempotent-Replayed: true`.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { uuidv7 } from '../lib/ids.js';
import type { Tx } from '../db/client.js';
import { queryRows } from '../db/sql.js';
import { conflict, invalid, unprocessable } from '../lib/errors.js';
import { sendPlainJson } from '../lib/serialize.js';
import type { RequestContext } from './tenancy.js';

/** How long a key is remembered (24 hours, as Stripe's API documents for its keys). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** A request's claim on a key: who, which key, and the fingerprint of what was asked. */
export interface IdempotencyClaim {
  orgId: string;
  principal: string;
  key: string;
  fingerprint: string;
}

interface StoredRow {
  fingerprint: string;
  response_status: number | null;
  response_body: unknown;
  response_etag: string | null;
  expired: boolean;
}

const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The claim of `req` (null unless it is a POST with an `Idempotency-Key` on an organisation route
 * whose response holds no secret).
 * Errors: 400 `headers.idempotency-key` for an empty, over-long or non-ASCII key.
 */
export function idempotencyOf(req: FastifyRequest, ctx: RequestContext): IdempotencyClaim | null {
  const header = req.headers['idempotency-key'];
  if (req.method !== 'POST' || header === undefined || !ctx.orgId || req.routeOptions.config.secretResponse)
    return null;
  const key = Array.isArray(header) ? header.join(',') : header;
  if (!VALID_KEY.test(key)) {
    throw invalid([{ path: 'headers.idempotency-key', message: 'must be 1–255 visible ASCII characters' }]);
  }
  const principal = ctx.auth.kind === 'api_key' ? `key:${ctx.auth.keyId}` : `user:${ctx.userId}`;
  return { orgId: ctx.orgId, principal, key, fingerprint: requestFingerprint(req.method, req.url, req.body) };
}

/** SHA-256 (hex) of the streamed bodies of requests (`config.streamedBody`), set by their handlers. */
const streamDigests = new WeakMap<FastifyRequest, string>();

/** Records the SHA-256 (hex) of the raw body the handler of a `config.streamedBody` route read. */
export function setStreamDigest(req: FastifyRequest, sha256: string): void {
  streamDigests.set(req, sha256);
}

/**
 * Runs the handler of a `config.streamedBody` route under `claim` (see the module comment): a
 * savepoint, the handler, then the claim with the fingerprint of method, URL and the body's SHA-256.
 * Returns the handler's result, or the replay. Errors: 422 when the key was used for another request
 * (another file); 409 as `claimIdempotencyKey`; a handler that never called `setStreamDigest` is a
 * programming error (500).
 */
export async function runStreamedClaim(
  tx: Tx,
  params: { req: FastifyRequest; reply: FastifyReply; claim: IdempotencyClaim; run: () => Promise<unknown> },
): Promise<unknown> {
  const { req, reply } = params;
  await tx.execute(sql`savepoint idempotent_stream`);
  const out = await params.run();
  const digest = streamDigests.get(req);
  if (!digest) throw new Error(`${req.method} ${req.url}: a streamed-body handler must call setStreamDigest()`);
  const claim = { ...params.claim, fingerprint: requestFingerprint(req.method, req.url, { body_sha256: digest }) };
  const stored = await claimIdempotencyKey(tx, claim);
  if (stored) {
    await tx.execute(sql`rollback to savepoint idempotent_stream`);
    return replay(reply, stored);
  }
  await tx.execute(sql`release savepoint idempotent_stream`);
  await rememberResponse(tx, claim, { reply, result: out });
  return out;
}

/** SHA-256 hex of a request: method, path with query string, JSON body. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n`)
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

/**
 * Claims the key for this request, or returns the response to replay. Waits for a concurrent
 * request with the same key to finish. An expired claim is replaced. Errors: 422 when the key was
 * used for a different request; 409 when its first request ended without a response to replay.
 */
export async function claimIdempotencyKey(
  tx: Tx,
  claim: IdempotencyClaim,
): Promise<{ status: number; body: unknown; etag: string | null } | null> {
  const insert = sql`insert into idempotency_keys (org_id, id, principal, key, fingerprint)
    values (${claim.orgId}::uuid, ${uuidv7()}::uuid, ${claim.principal}, ${claim.key}, ${claim.fingerprint})
    on conflict (org_id, principal, key) do nothing returning id`;
  if ((await queryRows(tx, insert)).length) return null;
  const [row] = await queryRows<StoredRow>(
    tx,
    sql`select fingerprint, response_status, response_body, response_etag,
               created_at < now() - ${`${IDEMPOTENCY_TTL_MS} milliseconds`}::interval as expired
          from idempotency_keys
         where org_id = ${claim.orgId}::uuid and principal = ${claim.principal} and key = ${claim.key}`,
  );
  if (!row || row.expired) {
    await tx.execute(sql`delete from idempotency_keys
      where org_id = ${claim.orgId}::uuid and principal = ${claim.principal} and key = ${claim.key}`);
    await tx.execute(insert);
    return null;
  }
  if (row.fingerprint !== claim.fingerprint) {
    throw unprocessable('This Idempotency-Key was used for a different request', { key: claim.key });
  }
  if (row.response_status === null) {
    throw conflict('The request with this Idempotency-Key has no response to replay; use a new key');
  }
  return { status: row.response_status, body: row.response_body, etag: row.response_etag };
}

/**
 * Stores the handler's response on the claim (same transaction). A handler that sent the reply
 * itself (a stream, say) leaves nothing to replay: its claim is dropped and a retry runs again.
 */
export async function rememberResponse(
  tx: Tx,
  claim: IdempotencyClaim,
  response: { reply: FastifyReply; result: unknown },
): Promise<void> {
  const { reply, result } = response;
  const where = sql`org_id = ${claim.orgId}::uuid and principal = ${claim.principal} and key = ${claim.key}`;
  if (result === reply || reply.sent) {
    await tx.execute(sql`delete from idempotency_keys where ${where}`);
    return;
  }
  const etag = reply.getHeader('etag');
  await tx.execute(sql`update idempotency_keys
    set response_status = ${reply.statusCode}, response_body = ${result === undefined ? null : JSON.stringify(result)}::jsonb,
        response_etag = ${typeof etag === 'string' ? etag : null}
    where ${where}`);
}

/** Sends a stored response again (`Idempotent-Replayed: true`). */
export function replay(reply: FastifyReply, stored: { status: number; body: unknown; etag: string | null }) {
  reply.status(stored.status).header('idempotent-replayed', 'true');
  if (stored.etag) reply.header('etag', stored.etag);
  sendPlainJson(reply);
  return stored.body === null ? reply.send() : stored.body;
}

/** Deletes the organisation's keys older than {@link IDEMPOTENCY_TTL_MS} (the daily purge). */
export async function purgeIdempotencyKeys(tx: Tx, orgId: string): Promise<number> {
  const rows = await queryRows(
    tx,
    sql`delete from idempotency_keys
         where org_id = ${orgId}::uuid and created_at < now() - ${`${IDEMPOTENCY_TTL_MS} milliseconds`}::interval
     returning id`,
  );
  return rows.length;
}
