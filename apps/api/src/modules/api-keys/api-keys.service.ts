import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import { type ApiKey, type CreateApiKeyBody, type Scope, SCOPES, maxScopeForRole, roleAtLeast } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { api_keys, users } from '../../db/schema/index.js';
import { forbidden, invalid, notFound } from '../../lib/errors.js';
import { afterCursor, orderBy, toPage, type KeysetSort } from '../../lib/pagination.js';
import { hashToken, issueOrgToken } from '../../lib/tokens.js';
import type { OrgContext } from '../../plugins/tenancy.js';
import { API_KEY_PREFIX } from '../../plugins/tenancy.js';

const columns = {
  id: api_keys.id,
  name: api_keys.name,
  scopes: api_keys.scopes,
  prefix: api_keys.prefix,
  creator_id: users.id,
  creator_name: users.name,
  created_at: api_keys.created_at,
  last_used_at: api_keys.last_used_at,
  expires_at: api_keys.expires_at,
  revoked_at: api_keys.revoked_at,
};

interface Row {
  id: string;
  name: string;
  scopes: string[];
  prefix: string;
  creator_id: string | null;
  creator_name: string | null;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

function toApiKey(r: Row): ApiKey {
  const { creator_id, creator_name, ...rest } = r;
  return {
    ...rest,
    scopes: rest.scopes as Scope[],
    created_by: creator_id ? { id: creator_id, name: creator_name ?? '' } : null,
  };
}

function select(tx: Tx) {
  return tx.select(columns).from(api_keys).leftJoin(users, eq(users.id, api_keys.created_by));
}

/** Admins see every key of the organisation; others see their own. Newest first. */
export async function listApiKeys(
  tx: Tx,
  params: { ctx: OrgContext; includeRevoked: boolean; limit: number; cursor?: string | undefined },
) {
  const { ctx } = params;
  const sort: KeysetSort = { column: api_keys.created_at, id: api_keys.id, direction: 'desc', kind: 'timestamp' };
  const filters: (SQL | undefined)[] = [eq(api_keys.org_id, ctx.orgId), afterCursor(sort, params.cursor)];
  if (!roleAtLeast(ctx.role, 'admin')) filters.push(eq(api_keys.created_by, ctx.userId));
  if (!params.includeRevoked) filters.push(isNull(api_keys.revoked_at));
  const rows = await select(tx)
    .where(and(...filters))
    .orderBy(...orderBy(sort))
    .limit(params.limit + 1);
  const page = toPage(rows as Row[], params.limit, (r) => [r.created_at, r.id]);
  return { data: page.data.map(toApiKey), next_cursor: page.next_cursor };
}

async function getKey(tx: Tx, params: { orgId: string; id: string }): Promise<ApiKey> {
  const [row] = await select(tx).where(and(eq(api_keys.org_id, params.orgId), eq(api_keys.id, params.id)));
  if (!row) throw notFound('API key');
  return toApiKey(row as Row);
}

/**
 * Creates a key acting as the caller, limited to `scopes`, which may not exceed what the caller's
 * role allows (viewer: read; member–manager: write; admin/owner: admin) → 403. Returns the secret
 * once; only its SHA-256 is stored.
 */
export async function createApiKey(tx: Tx, params: { ctx: OrgContext } & CreateApiKeyBody) {
  const { ctx } = params;
  const max = maxScopeForRole(ctx.role);
  const tooHigh = params.scopes.filter((s) => SCOPES.indexOf(s) > SCOPES.indexOf(max));
  if (tooHigh.length) {
    throw forbidden(
      `Your role (${ctx.role}) can grant API keys up to the "${max}" scope, not "${tooHigh.join('", "')}"`,
    );
  }
  const expiresAt = params.expires_at ? new Date(params.expires_at) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw invalid([{ path: 'body.expires_at', message: 'must be in the future' }]);
  }
  const key = issueOrgToken(API_KEY_PREFIX, ctx.orgId);
  const id = uuidv7();
  await tx.insert(api_keys).values({
    org_id: ctx.orgId,
    id,
    name: params.name,
    key_hash: hashToken(key),
    prefix: key.slice(0, 10),
    scopes: [...new Set(params.scopes)],
    created_by: ctx.userId,
    expires_at: expiresAt,
  });
  return { ...(await getKey(tx, { orgId: ctx.orgId, id })), key };
}

/** Revokes a key at once (its next request gets 401). Own keys, or any key for admins. Idempotent. */
export async function revokeApiKey(tx: Tx, params: { ctx: OrgContext; id: string }): Promise<ApiKey> {
  const { ctx } = params;
  const key = await getKey(tx, { orgId: ctx.orgId, id: params.id });
  if (key.created_by?.id !== ctx.userId && !roleAtLeast(ctx.role, 'admin')) throw notFound('API key');
  if (!key.revoked_at) {
    await tx
      .update(api_keys)
      .set({ revoked_at: sql`now()` })
      .where(and(eq(api_keys.org_id, ctx.orgId), eq(api_keys.id, params.id)));
  }
  return getKey(tx, { orgId: ctx.orgId, id: params.id });
}

/** Number of usable (not revoked, not expired) keys the caller can see: all for admins, else their own. */
export async function countActiveApiKeys(tx: Tx, params: { ctx: OrgContext }): Promise<number> {
  const { ctx } = params;
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(api_keys)
    .where(
      and(
        eq(api_keys.org_id, ctx.orgId),
        isNull(api_keys.revoked_at),
        sql`(${api_keys.expires_at} is null or ${api_keys.expires_at} > now())`,
        roleAtLeast(ctx.role, 'admin') ? undefined : eq(api_keys.created_by, ctx.userId),
      ),
    );
  return row?.n ?? 0;
}
