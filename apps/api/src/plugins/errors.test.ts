import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@relata/shared';
import { createTestApp, ownerWithOrg, type TestApp, type TestUser } from '../../test/helpers.js';

let t: TestApp;
let owner: TestUser;
beforeAll(async () => {
  t = await createTestApp({ env: { RELATA_BODY_LIMIT: '4096' } });
  owner = (await ownerWithOrg(t.app)).user;
});
afterAll(async () => t.close());

function expectErrorShape(body: string, code: string) {
  const parsed = ErrorBody.parse(JSON.parse(body));
  expect(parsed.error.code).toBe(code);
  expect(body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

describe('error shape', () => {
  it('unknown API route → 404 in the standard shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/does-not-exist' });
    expect(res.statusCode).toBe(404);
    expectErrorShape(res.body, 'not_found');
  });

  it('malformed JSON → 400, wrong content type → 415, oversized body → 413', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { cookie: owner.cookie, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(bad.statusCode).toBe(400);
    expectErrorShape(bad.body, 'bad_request');
    const type = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { cookie: owner.cookie, 'content-type': 'text/csv' },
      payload: 'name\nx',
    });
    expect(type.statusCode).toBe(415);
    expectErrorShape(type.body, 'unsupported_media_type');
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { cookie: owner.cookie },
      payload: { name: 'x', description: 'y'.repeat(10_000) },
    });
    expect(big.statusCode).toBe(413);
    expectErrorShape(big.body, 'payload_too_large');
  });

  it('wrong types and missing fields → 400 with field paths', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { cookie: owner.cookie },
      payload: { scopes: 'all' },
    });
    expect(res.statusCode).toBe(400);
    const body = ErrorBody.parse(res.json());
    expect(body.error.details?.issues?.map((i) => i.path).sort()).toEqual(['body.name', 'body.scopes']);
  });

  it('an invalid id in the path → 400 before any database access', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: "/api/v1/teams/1'%20or%201=1",
      headers: { cookie: owner.cookie },
    });
    expect(res.statusCode).toBe(400);
    expect(ErrorBody.parse(res.json()).error.details?.issues?.[0]?.path).toBe('params.id');
  });

  it('no credential → 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/members' });
    expect(res.statusCode).toBe(401);
    expectErrorShape(res.body, 'unauthorized');
  });

  it('echoes a well-formed X-Request-Id and makes one otherwise', async () => {
    const given = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-abc_123' } });
    expect(given.headers['x-request-id']).toBe('trace-abc_123');
    const evil = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\u0000<script>' },
    });
    expect(evil.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('NUL characters', () => {
  it('are refused with a 400 naming the field, not a database error', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { cookie: owner.cookie },
      payload: { name: 'a\u0000b' },
    });
    expect(res.statusCode).toBe(400);
    expect(ErrorBody.parse(res.json()).error.details?.issues?.[0]?.path).toBe('body.name');
  });
});
