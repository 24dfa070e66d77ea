import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { Org, RecordVisibility, Role } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { memberships, organizations } from '../../db/schema/index.js';
import { setTenantOrg } from '../../db/tenant.js';
import { conflict, notFound } from '../../lib/errors.js';
import { staleVersion } from '../../lib/versioning.js';
import { switchActiveOrg } from '../auth/auth.service.js';
import { createDefaultPipelines } from '../pipelines/pipelines.defaults.js';

/** A URL handle from a name: lower-case ASCII letters/digits joined by hyphens, 3–40 characters. */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return base.length >= 3 ? base : `org-${base || randomBytes(3).toString('hex')}`.replace(/-+$/, '');
}

async function slugTaken(tx: Tx, slug: string): Promise<boolean> {
  const rows = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug));
  return rows.length > 0;
}

/**
 * Creates an organisation with `userId` as its owner and makes it the session's active organisation.
 * A given `slug` that is taken → 409; a derived one gets a random suffix instead.
 */
export async function createOrg(
  tx: Tx,
  params: { userId: string; sessionId: string | null; name: string; slug?: string | undefined },
): Promise<Org & { role: Role }> {
  let slug = params.slug ?? slugify(params.name);
  if (await slugTaken(tx, slug)) {
    if (params.slug)
      throw conflict(`The handle "${slug}" is taken`, { issues: [{ path: 'body.slug', message: 'is taken' }] });
    slug = `${slug.slice(0, 40)}-${randomBytes(3).toString('hex')}`;
  }
  const id = uuidv7();
  const [org] = await tx.insert(organizations).values({ id, name: params.name, slug }).returning();
  await setTenantOrg(tx, id);
  await tx.insert(memberships).values({ org_id: id, id: uuidv7(), user_id: params.userId, role: 'owner' });
  await createDefaultPipelines(tx, { orgId: id });
  await switchActiveOrg(tx, { userId: params.userId, sessionId: params.sessionId, orgId: id });
  return { ...toOrg(org!), role: 'owner' };
}

function toOrg(row: typeof organizations.$inferSelect): Org {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    default_region: row.default_region,
    record_visibility: row.record_visibility as RecordVisibility,
    created_at: row.created_at,
    version: row.version,
  };
}

export async function getOrg(tx: Tx, params: { orgId: string }): Promise<Org> {
  const [row] = await tx.select().from(organizations).where(eq(organizations.id, params.orgId));
  if (!row) throw notFound('Organisation');
  return toOrg(row);
}

/**
 * Changes the organisation's name, handle, default phone region or record visibility rule;
 * `expectedVersion` → 412 when stale, a taken handle → 409.
 */
export async function updateOrg(
  tx: Tx,
  params: {
    orgId: string;
    name?: string | undefined;
    slug?: string | undefined;
    default_region?: string | undefined;
    record_visibility?: RecordVisibility | undefined;
    expectedVersion?: number | undefined;
  },
): Promise<Org> {
  const current = await getOrg(tx, params);
  if (params.expectedVersion !== undefined && params.expectedVersion !== current.version)
    throw staleVersion(current.version);
  if (params.slug && params.slug !== current.slug && (await slugTaken(tx, params.slug))) {
    throw conflict(`The handle "${params.slug}" is taken`, { issues: [{ path: 'body.slug', message: 'is taken' }] });
  }
  const [row] = await tx
    .update(organizations)
    .set({
      ...(params.name !== undefined ? { name: params.name } : {}),
      ...(params.slug !== undefined ? { slug: params.slug } : {}),
      ...(params.default_region !== undefined ? { default_region: params.default_region } : {}),
      ...(params.record_visibility !== undefined ? { record_visibility: params.record_visibility } : {}),
      version: sql`${organizations.version} + 1`,
      updated_at: new Date(),
    })
    .where(and(eq(organizations.id, params.orgId), eq(organizations.version, current.version)))
    .returning();
  if (!row) throw staleVersion(current.version + 1);
  return toOrg(row);
}
