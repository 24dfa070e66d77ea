import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createTestApp, errorOf, ownerWithOrg, type TestApp, type TestUser } from '../../test/helpers.js';

let t: TestApp;
let owner: TestUser;
beforeAll(async () => {
  t = await createTestApp({ env: { RELATA_TRUSTED_ORIGINS: 'https://admin.example.com' } });
  owner = (await ownerWithOrg(t.app)).user;
});
afterAll(async () => t.close());

const createTeam = (headers: Record<string, string>, name: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/teams',
    headers: { cookie: owner.cookie, ...headers },
    payload: { name },
  });

describe('cross-origin protection for cookie-authenticated writes', () => {
  it('refuses a write from another site', async () => {
    const res = await createTeam({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, 'Evil 1');
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).message).toMatch(/Cross-origin/);
    expect((await createTeam({ origin: 'https://evil.example' }, 'Evil 2')).statusCode).toBe(403);
    expect((await createTeam({ 'sec-fetch-site': 'same-site' }, 'Evil 3')).statusCode).toBe(403);
    const teams = await t.app.inject({ method: 'GET', url: '/api/v1/teams', headers: { cookie: owner.cookie } });
    expect(teams.json().data).toHaveLength(0);
  });

  it('allows same-origin browsers, trusted origins and non-browser clients', async () => {
    expect(
      (await createTeam({ 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' }, 'Same 1')).statusCode,
    ).toBe(201);
    expect(
      (await createTeam({ origin: 'http://crm.internal:8080', host: 'crm.internal:8080' }, 'Same 2')).statusCode,
    ).toBe(201);
    expect(
      (await createTeam({ origin: 'https://admin.example.com', 'sec-fetch-site': 'cross-site' }, 'Trusted')).statusCode,
    ).toBe(201);
    expect((await createTeam({}, 'Curl')).statusCode).toBe(201);
  });

  it('does not apply to API-key requests (no ambient credential)', async () => {
    const key = await createApiKey(t.app, owner, ['write']);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { authorization: `Bearer ${key.key}`, origin: 'https://elsewhere.example' },
      payload: { name: 'Integration' },
    });
    expect(res.statusCode).toBe(201);
  });
});

describe('headers', () => {
  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('global rate limit', () => {
  it('answers 429 with Retry-After per API key once the limit is used up', async () => {
    const limited = await createTestApp({ env: { RELATA_RATE_LIMIT: '5' } });
    try {
      const { user } = await ownerWithOrg(limited.app);
      const key = await createApiKey(limited.app, user, ['read']);
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await limited.app.inject({
          method: 'GET',
          url: '/api/v1/me',
          headers: { authorization: `Bearer ${key.key}` },
        });
        codes.push(r.statusCode);
        if (r.statusCode === 429) {
          expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
          expect(errorOf(r).code).toBe('rate_limited');
        }
      }
      expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(codes.slice(5)).toEqual([429, 429]);
      // Another key has its own budget.
      const other = await createApiKey(limited.app, user, ['read'], 'second');
      const r = await limited.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${other.key}` },
      });
      expect(r.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
