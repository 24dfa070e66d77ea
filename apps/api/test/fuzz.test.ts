/**
 * Bad-input fuzzing of every `/api/v1` route (read from the OpenAPI document, so later routes are
 * covered without edits): fast-check generates wrong types, huge strings, SQL metacharacters,
 * unknown fields and malformed ids for path, query and body, sent with valid credentials. Every
 * answer must be below 500, and every 4xx must be the standard error body without a stack trace.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@relata/shared';
import { createApiKey, createTestApp, ownerWithOrg, PASSWORD, sessionCookie, type TestApp } from './helpers.js';
import { fillPath, loadOperations, sampleValue, type OpenApiDoc, type Operation } from './openapi-routes.js';

let t: TestApp;
let doc: OpenApiDoc;
let operations: Operation[];
let email: string;
let apiKey: string;

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 40);

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    "' OR '1'='1",
    "'; DROP TABLE memberships; --",
    '"; SELECT pg_sleep(5); --',
    '\\x00\u0000',
    '%00',
    '../../etc/passwd',
    '${7*7}{{7*7}}',
    '<script>alert(1)</script>',
    'NaN',
    '-1',
    '1e309',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '🦄'.repeat(50),
    'ǅ\u202Eevil',
  ),
  fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 5 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

function bodyArbitrary(op: Operation): fc.Arbitrary<{ payload?: unknown; raw?: string }> {
  const valid = op.body ? (sampleValue(op.body, doc) as Record<string, unknown>) : {};
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.anything().map((payload) => ({ payload })),
    hostileString.map((raw) => ({ raw })),
    // The valid body with one field given a hostile value.
    keys.length
      ? fc.tuple(fc.constantFrom(...keys), hostileValue).map(([k, v]) => ({ payload: { ...valid, [k]: v } }))
      : hostileValue.map((payload) => ({ payload })),
    // The valid body plus an unknown field (mass-assignment attempt).
    fc
      .tuple(fc.constantFrom('role', 'org_id', 'id', 'is_admin', '__proto__', 'constructor'), hostileValue)
      .map(([k, v]) => ({
        payload: { ...valid, [k]: v },
      })),
  );
}

beforeAll(async () => {
  t = await createTestApp();
  const { user } = await ownerWithOrg(t.app);
  email = user.email;
  apiKey = (await createApiKey(t.app, user, ['admin'])).key;
  ({ doc, operations } = await loadOperations(t.app));
});
afterAll(async () => t.close());

describe('bad-input fuzzing of every route', () => {
  it('reads the route table', () => {
    expect(operations.length).toBeGreaterThan(20);
  });

  it('never answers 5xx, and every error has the standard shape', async () => {
    let requests = 0;
    for (const op of operations) {
      // A fresh session per route: fuzzing sign-out or change-password must not starve later routes.
      const signIn = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email, password: PASSWORD },
      });
      const cookie = sessionCookie(signIn);
      const paramArb = fc.record(
        Object.fromEntries(op.pathParams.map((p) => [p.name, fc.oneof(fc.uuid(), hostileString)])),
      );
      const queryArb = fc.dictionary(
        fc.oneof(
          fc.constantFrom(...op.queryParams.map((q) => q.name), 'limit', 'cursor', 'sort', 'q'),
          fc.string({ maxLength: 10 }),
        ),
        hostileString,
        { maxKeys: 4 },
      );
      await fc.assert(
        fc.asyncProperty(paramArb, queryArb, bodyArbitrary(op), fc.boolean(), async (params, query, body, useKey) => {
          const qs = new URLSearchParams(query as Record<string, string>).toString();
          const url = fillPath(op.path, params as Record<string, string>) + (qs ? `?${qs}` : '');
          const headers: Record<string, string> = useKey ? { authorization: `Bearer ${apiKey}` } : { cookie };
          const withBody = op.method !== 'GET' && op.method !== 'DELETE';
          const res = await t.app.inject({
            method: op.method,
            url,
            headers: body.raw !== undefined && withBody ? { ...headers, 'content-type': 'application/json' } : headers,
            ...(withBody ? (body.raw !== undefined ? { payload: body.raw } : { payload: body.payload as string }) : {}),
          });
          requests++;
          const what = `${op.method} ${url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, what).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(ErrorBody.safeParse(res.json()).success, what).toBe(true);
            expect(res.body, what).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
          }
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
    }
    expect(requests).toBe(operations.length * RUNS_PER_ROUTE);
  }, 600_000);
});
