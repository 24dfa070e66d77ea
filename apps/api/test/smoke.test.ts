import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ownerWithOrg, type TestApp } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('smoke', () => {
  it('signs up, creates an org and reads /me', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json().org.id).toBe(org.id);
    expect(res.json().role).toBe('owner');
  });
});
