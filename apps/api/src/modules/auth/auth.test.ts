import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  errorOf,
  PASSWORD,
  sessionCookie,
  signUp,
  uniqueEmail,
  type TestApp,
} from '../../../test/helpers.js';
import { SignInLimiter } from './sign-in-limiter.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers });

describe('sign-up', () => {
  it('creates the user and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const email = uniqueEmail();
    const res = await post('/api/v1/auth/sign-up', { name: 'Ada Lovelace', email, password: PASSWORD });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({ name: 'Ada Lovelace', email });
    const cookie = ([] as string[])
      .concat(res.headers['set-cookie'] as string[])
      .find((c) => c.startsWith('relata.session_token='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: sessionCookie(res) } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email }, org: null, role: null, memberships: [] });
  });

  it('normalises the email to lower case', async () => {
    const email = uniqueEmail('MiXeD').toUpperCase();
    const res = await post('/api/v1/auth/sign-up', { name: 'Case', email, password: PASSWORD });
    expect(res.statusCode).toBe(201);
    expect(res.json().user.email).toBe(email.toLowerCase());
  });

  it('refuses a second account with the same email (409 naming the field)', async () => {
    const user = await signUp(t.app);
    const res = await post('/api/v1/auth/sign-up', {
      name: 'Again',
      email: user.email.toUpperCase(),
      password: PASSWORD,
    });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).details?.issues?.[0]?.path).toBe('body.email');
  });

  it('validates fields with paths and rejects unknown fields', async () => {
    const res = await post('/api/v1/auth/sign-up', {
      name: '',
      email: 'not-an-email',
      password: 'short',
      role: 'owner',
    });
    expect(res.statusCode).toBe(400);
    const paths = errorOf(res)
      .details!.issues!.map((i) => i.path)
      .sort();
    expect(paths).toEqual(['body.email', 'body.name', 'body.password', 'body.role']);
  });
});

describe('sign-in and sign-out', () => {
  it('signs in with the right password, not with a wrong one', async () => {
    const user = await signUp(t.app);
    const bad = await post('/api/v1/auth/sign-in', { email: user.email, password: 'wrong password' });
    expect(bad.statusCode).toBe(401);
    expect(errorOf(bad).message).toBe('Email or password is incorrect');
    const ok = await post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.id).toBe(user.id);
  });

  it('answers 429 with Retry-After after 10 failures in a minute for one IP and email', async () => {
    const user = await signUp(t.app);
    for (let i = 0; i < 10; i++) {
      const r = await post('/api/v1/auth/sign-in', { email: user.email, password: `wrong-${i}` });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(errorOf(blocked).code).toBe('rate_limited');
    // Another email from the same IP is not affected.
    const other = await signUp(t.app);
    expect((await post('/api/v1/auth/sign-in', { email: other.email, password: PASSWORD })).statusCode).toBe(200);
  });

  it('sign-out ends the session at once', async () => {
    const user = await signUp(t.app);
    const out = await post('/api/v1/auth/sign-out', {}, { cookie: user.cookie });
    expect(out.statusCode).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('changes the password: the old one stops working, the new one works', async () => {
    const user = await signUp(t.app);
    const wrong = await post(
      '/api/v1/auth/change-password',
      { current_password: 'nope nope nope', new_password: 'a brand new secret' },
      { cookie: user.cookie },
    );
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong).details?.issues?.[0]?.path).toBe('body.current_password');
    const res = await post(
      '/api/v1/auth/change-password',
      { current_password: PASSWORD, new_password: 'a brand new secret' },
      { cookie: user.cookie },
    );
    expect(res.statusCode).toBe(200);
    expect((await post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/sign-in', { email: user.email, password: 'a brand new secret' })).statusCode).toBe(
      200,
    );
  });

  it('opens a new session in the organisation the user last worked in', async () => {
    const user = await signUp(t.app);
    const a = await post('/api/v1/orgs', { name: 'First Org' }, { cookie: user.cookie });
    const b = await post('/api/v1/orgs', { name: 'Second Org' }, { cookie: user.cookie });
    await post('/api/v1/me/active-org', { org_id: a.json().id }, { cookie: user.cookie });
    const again = await post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: sessionCookie(again) } });
    expect(me.json().org.id).toBe(a.json().id);
    expect(
      me
        .json()
        .memberships.map((m: { org_id: string }) => m.org_id)
        .sort(),
    ).toEqual([a.json().id, b.json().id].sort());
  });
});

describe('secure cookies', () => {
  it('marks the session cookie Secure when the public URL is HTTPS', async () => {
    const secure = await createTestApp({ env: { RELATA_BASE_URL: 'https://crm.example.com' } });
    try {
      const res = await secure.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        payload: { name: 'S', email: uniqueEmail(), password: PASSWORD },
      });
      expect(res.statusCode).toBe(201);
      const cookie = ([] as string[])
        .concat(res.headers['set-cookie'] as string[])
        .find((c) => c.includes('session_token='))!;
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(res.headers['strict-transport-security']).toBeDefined();
    } finally {
      await secure.close();
    }
  });
});

describe('SignInLimiter', () => {
  it('uses a sliding one-minute window and clears on success', () => {
    const l = new SignInLimiter(3, 60_000);
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) l.recordFailure('1.1.1.1', 'a@x', t0 + i * 1000);
    expect(l.retryAfterSeconds('1.1.1.1', 'a@x', t0 + 3000)).toBe(57);
    expect(l.retryAfterSeconds('1.1.1.1', 'a@x', t0 + 60_001)).toBe(0);
    l.recordFailure('1.1.1.1', 'b@x', t0);
    l.recordSuccess('1.1.1.1', 'b@x');
    expect(l.retryAfterSeconds('1.1.1.1', 'b@x', t0)).toBe(0);
  });
});
