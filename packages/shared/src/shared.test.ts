import { describe, expect, it } from 'vitest';
import {
  isTimeZone,
  CreateOrgBody,
  DateBound,
  Email,
  maxScopeForRole,
  roleAtLeast,
  scopeAllows,
  Slug,
  Timestamp,
} from './index.js';

describe('roles and scopes', () => {
  it('orders roles owner > admin > manager > member > viewer', () => {
    expect(roleAtLeast('owner', 'admin')).toBe(true);
    expect(roleAtLeast('manager', 'member')).toBe(true);
    expect(roleAtLeast('member', 'manager')).toBe(false);
    expect(roleAtLeast('viewer', 'viewer')).toBe(true);
  });

  it('treats scopes as nested: admin ⊃ write ⊃ read', () => {
    expect(scopeAllows(['admin'], 'read')).toBe(true);
    expect(scopeAllows(['write'], 'read')).toBe(true);
    expect(scopeAllows(['read'], 'write')).toBe(false);
    expect(scopeAllows(['write'], 'admin')).toBe(false);
    expect(scopeAllows([], 'read')).toBe(false);
  });

  it('caps API key scopes by role', () => {
    expect([
      maxScopeForRole('viewer'),
      maxScopeForRole('member'),
      maxScopeForRole('manager'),
      maxScopeForRole('admin'),
    ]).toEqual(['read', 'write', 'write', 'admin']);
  });
});

describe('contracts', () => {
  it('encodes timestamps as ISO 8601 UTC and decodes them back to dates', () => {
    const d = new Date('2026-11-22T10:00:00.123Z');
    expect(Timestamp.encode(d)).toBe('2026-11-22T10:00:00.123Z');
    expect(Timestamp.parse('2026-11-22T11:00:00.123+01:00').getTime()).toBe(d.getTime());
    expect(Timestamp.safeParse('22/11/2026').success).toBe(false);
  });

  it('normalises emails and validates handles', () => {
    expect(Email.parse(' Ada@Example.COM ')).toBe('ada@example.com');
    expect(Email.safeParse('ada@').success).toBe(false);
    expect(Slug.parse('Acme-Rockets')).toBe('acme-rockets');
    expect(Slug.safeParse('-bad-').success).toBe(false);
    expect(Slug.safeParse('ab').success).toBe(false);
  });

  it('rejects unknown fields in request bodies', () => {
    const res = CreateOrgBody.safeParse({ name: 'Acme', owner_id: 'x' });
    expect(res.success).toBe(false);
    expect(res.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('accepts times and date bounds in years 0001–9999 only (what PostgreSQL stores)', () => {
    expect(Timestamp.safeParse('2026-11-22T10:00:00Z').success).toBe(true);
    expect(Timestamp.safeParse('0000-01-01T00:00:00Z').success).toBe(false);
    expect(Timestamp.safeParse('9999-12-31T23:00:00-02:00').success).toBe(false); // year 10000 in UTC
    expect(DateBound.safeParse('0001-01-01').success).toBe(true);
    expect(DateBound.safeParse('0000-12-31').success).toBe(false);
  });
});

describe('time zones', () => {
  it('accepts IANA names the runtime knows, canonical or not, and refuses others', () => {
    for (const tz of [
      'UTC',
      'Europe/Paris',
      'Asia/Kolkata',
      'Asia/Calcutta',
      'Europe/Kyiv',
      'America/Argentina/Buenos_Aires',
    ])
      expect(isTimeZone(tz), tz).toBe(true);
    for (const tz of ['Nope/Zone', 'Europe/Paris; drop table x', '', '../etc/passwd'])
      expect(isTimeZone(tz), tz).toBe(false);
  });
});
