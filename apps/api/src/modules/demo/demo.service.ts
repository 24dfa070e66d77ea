/**
 * Demo data for a first start (`RELATA_DEMO`, on by default): a "Demo Company" organisation owned by
 * demo@example.com / demo1234 with a handful of colleagues in every role, two teams and a pending
 * invitation, a revoked API key, CRM records (demo-records.ts) and a sales team's leads and deals
 * with their stage history (demo-sales.ts), EUR and GBP exchange rates (demo-currencies.ts). Idempotent: does nothing when the demo user exists.
 */
import { eq } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { Role } from '@relata/shared';
import type { Db } from '../../db/client.js';
import {
  api_keys,
  idempotency_keys,
  invitations,
  memberships,
  sessions,
  team_members,
  teams,
  users,
} from '../../db/schema/index.js';
import { requestFingerprint } from '../../plugins/idempotency.js';
import { getCompany } from '../companies/companies.service.js';
import type { Actor } from '../records/actor.js';
import { withTenant } from '../../db/tenant.js';
import { hashToken, issueOrgToken } from '../../lib/tokens.js';
import { API_KEY_PREFIX } from '../../plugins/tenancy.js';
import type { Auth } from '../auth/better-auth.js';
import { INVITATION_PREFIX } from '../invitations/invitations.service.js';
import { createOrg } from '../orgs/orgs.service.js';
import { seedDemoRecords } from './demo-records.js';
import { seedDemoActivities } from './demo-activities.js';
import { seedDemoNotes } from './demo-notes.js';
import { seedDemoNotifications } from './demo-notifications.js';
import { seedDemoSales } from './demo-sales.js';
import { seedDemoAudit } from './demo-audit.js';
import { seedDemoSegments } from './demo-segments.js';
import { seedDemoImports } from './demo-imports.js';
import { seedDemoDuplicates } from './demo-duplicates.js';
import { seedDemoCurrencies } from './demo-currencies.js';

export const DEMO_EMAIL = 'demo@example.com';
export const DEMO_PASSWORD = 'demo1234';

const COLLEAGUES: Array<{ name: string; local: string; role: Role }> = [
  { name: 'Alex Rivera', local: 'alex', role: 'admin' },
  { name: 'Sam Patel', local: 'sam', role: 'manager' },
  { name: 'Jordan Lee', local: 'jordan', role: 'member' },
  { name: 'Casey Kim', local: 'casey', role: 'member' },
  { name: 'Morgan Diaz', local: 'morgan', role: 'viewer' },
];

export interface DemoOptions {
  /** Email domain of the demo people (`demo@<domain>`, `alex@<domain>`, …). */
  domain: string;
  /** Handle of the demo organisation. */
  slug: string;
  name: string;
}

const DEFAULTS: DemoOptions = { domain: 'example.com', slug: 'demo', name: 'Demo Company' };

/** Creates a user with an email+password account through better-auth's public sign-up. */
async function createUser(
  db: Db,
  auth: () => Promise<Auth>,
  params: { name: string; email: string; password: string },
): Promise<string> {
  const { user } = await (await auth()).api.signUpEmail({ body: params });
  // Sign-up signs the new user in; nobody is at the keyboard, so drop that session.
  await db.delete(sessions).where(eq(sessions.user_id, user.id));
  return user.id;
}

/**
 * Seeds a demo organisation once (per owner email). Returns its id, or null when it already existed.
 * Tests seed extra copies under other domains and handles: the isolation harness uses one as the
 * "other organisation" holding a row in every tenant table.
 */
export async function seedDemo(
  db: Db,
  auth: () => Promise<Auth>,
  options: Partial<DemoOptions> = {},
): Promise<string | null> {
  const o = { ...DEFAULTS, ...options };
  const email = (local: string) => `${local}@${o.domain}`;
  const existing = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, email('demo')));
  if (existing.length) return null;
  const ownerId = await createUser(db, auth, { name: 'Demo User', email: email('demo'), password: DEMO_PASSWORD });
  const colleagueIds: string[] = [];
  for (const c of COLLEAGUES) {
    colleagueIds.push(await createUser(db, auth, { name: c.name, email: email(c.local), password: DEMO_PASSWORD }));
  }

  return withTenant(db, { orgId: null, userId: ownerId }, async (tx) => {
    const org = await createOrg(tx, { userId: ownerId, sessionId: null, name: o.name, slug: o.slug });
    const membershipIds = new Map<string, string>();
    for (const [i, c] of COLLEAGUES.entries()) {
      const id = uuidv7();
      membershipIds.set(c.local, id);
      await tx.insert(memberships).values({ org_id: org.id, id, user_id: colleagueIds[i]!, role: c.role });
    }
    const teamDefs = [
      {
        name: 'Inbound',
        description: 'Qualifies web and event leads',
        members: [
          ['sam', true],
          ['jordan', false],
          ['casey', false],
        ],
      },
      {
        name: 'Enterprise',
        description: 'Named accounts over 500 employees',
        members: [
          ['alex', true],
          ['morgan', false],
        ],
      },
    ] as const;
    for (const t of teamDefs) {
      const teamId = uuidv7();
      await tx.insert(teams).values({ org_id: org.id, id: teamId, name: t.name, description: t.description });
      for (const [local, isLead] of t.members) {
        await tx.insert(team_members).values({
          org_id: org.id,
          id: uuidv7(),
          team_id: teamId,
          membership_id: membershipIds.get(local)!,
          is_lead: isLead,
        });
      }
    }
    // An example of a retired integration key (its secret was never kept anywhere).
    const retiredKeyId = uuidv7();
    await tx.insert(api_keys).values({
      org_id: org.id,
      id: retiredKeyId,
      name: 'Old website form (retired)',
      key_hash: hashToken(issueOrgToken(API_KEY_PREFIX, org.id)),
      prefix: 'rk_retired',
      scopes: ['write'],
      created_by: ownerId,
      revoked_at: new Date(),
    });
    await tx.insert(invitations).values({
      org_id: org.id,
      id: uuidv7(),
      email: email('taylor'),
      role: 'member',
      token_hash: hashToken(issueOrgToken(INVITATION_PREFIX, org.id)),
      invited_by: ownerId,
      expires_at: new Date(Date.now() + 7 * 86_400_000),
    });
    const ownerMembership = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(eq(memberships.user_id, ownerId));
    membershipIds.set('owner', ownerMembership.find(Boolean)!.id);
    const users = new Map<string, string>(COLLEAGUES.map((c, i) => [c.local, colleagueIds[i]!]));
    users.set('owner', ownerId);
    const now = new Date();
    const ownerActor: Actor = {
      orgId: org.id,
      userId: ownerId,
      membershipId: membershipIds.get('owner')!,
      role: 'owner',
      visibility: 'private',
      region: 'US',
    };
    const records = await seedDemoRecords(tx, {
      actor: ownerActor,
      domain: o.domain,
      members: membershipIds,
      users,
      now,
    });
    await seedDemoSales(tx, { orgId: org.id, now, records, members: membershipIds, users });
    await seedDemoCurrencies(tx, { orgId: org.id, now });
    // Without a job sender: demo activities get no reminder jobs (start-up must not wait for pg-boss).
    await seedDemoActivities(tx, { orgId: org.id, now, members: membershipIds, users });
    await seedDemoNotes(tx, { orgId: org.id, now, users });
    await seedDemoNotifications(tx, { orgId: org.id, members: membershipIds, now });
    await seedDemoAudit(tx, { orgId: org.id, members: membershipIds, now });
    await seedDemoSegments(tx, { orgId: org.id, ownerUserId: ownerId, members: membershipIds });
    await seedDemoImports(tx, { actor: ownerActor, now });
    await seedDemoDuplicates(tx, { actor: ownerActor, records });
    // The retired key's last request (it created the newest company), as its Idempotency-Key record;
    // the key is revoked, so it is never replayed, and the daily purge drops it after a day.
    const company = await getCompany(tx, { actor: ownerActor, id: records.companies.at(-1)!.id });
    await tx.insert(idempotency_keys).values({
      org_id: org.id,
      id: uuidv7(),
      principal: `key:${retiredKeyId}`,
      key: 'website-form-0042',
      fingerprint: requestFingerprint('POST', '/api/v1/companies', { name: company.name }),
      response_status: 201,
      response_body: JSON.parse(JSON.stringify(company)) as unknown,
      response_etag: `"${company.version}"`,
    });
    return org.id;
  });
}
