/** Wire-shaped sample data for component tests. */
import type { Role } from '@relata/shared';
import type { MeWire } from '../components/session';

export const ORG_ID = '01900000-0000-7000-8000-000000000001';
export const USER_ID = '01900000-0000-7000-8000-000000000002';

/** `GET /api/v1/me` for a member of "Acme" with `role`. */
export function meAs(role: Role, name = 'Ada Lovelace', email = 'ada@example.com'): MeWire {
  return {
    user: { id: USER_ID, name, email, created_at: '2026-01-01T10:00:00.000Z' },
    org: { id: ORG_ID, name: 'Acme', slug: 'acme' },
    role,
    memberships: [{ org_id: ORG_ID, org_name: 'Acme', org_slug: 'acme', role }],
    auth: { kind: 'session', scopes: null },
  };
}

/** A member row of `GET /api/v1/members`. */
export function member(n: number, role: Role, name: string) {
  return {
    id: `01900000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`,
    user_id: n === 0 ? USER_ID : `01900000-0000-7000-8000-0000000002${String(n).padStart(2, '0')}`,
    name,
    email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
    role,
    created_at: '2026-01-02T10:00:00.000Z',
    version: 1,
  };
}
