/**
 * Idempotency keys of write requests (DESIGN §5 "Idempotency-Key honoured on creates";
 * draft-ietf-httpapi-idempotency-key-header): one row per organisation, caller and key, written in
 * the transaction of the request it guards, holding the fingerprint of that request and — once the
 * handler succeeded — the response to replay. A request that fails rolls its row back with it, so
 * only successes are replayed. Rows older than a day are dead (plugins/idempotency.ts) and purged.
 */
import { index, integer, jsonb, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { tenantKeys, tstz } from '../columns.js';
import { orgFk } from './records.js';

export const idempotency_keys = pgTable(
  'idempotency_keys',
  {
    ...tenantKeys(),
    /** Who sent it: `user:<user id>` (session) or `key:<api key id>`. */
    principal: text('principal').notNull(),
    /** The `Idempotency-Key` header, as sent (1–255 visible ASCII characters). */
    key: text('key').notNull(),
    /** SHA-256 hex of the method, path with query and JSON body of the first request. */
    fingerprint: text('fingerprint').notNull(),
    /** The first request's response (null while it runs). */
    response_status: integer('response_status'),
    response_body: jsonb('response_body'),
    response_etag: text('response_etag'),
    created_at: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    unique('idempotency_keys_key').on(t.org_id, t.principal, t.key),
    index('idempotency_keys_created_idx').on(t.org_id, t.created_at),
  ],
);
