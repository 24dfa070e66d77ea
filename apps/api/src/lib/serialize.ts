/**
 * Response encoding for hot read routes.
 */
import type { FastifyReply } from 'fastify';

/**
 * Sends this reply's payload with plain `JSON.stringify` instead of the route's zod response encoding
 * (fastify-type-provider-zod's serializer runs `safeEncode` over the whole payload, ~10 % of the
 * CPU of a 120-card board request, measured with bench/boards and a CPU profile). Only for routes
 * whose service builds every response object field by field in the contract's shape, and whose
 * tests check real responses against the schema with `expectExactShape` (test/helpers.ts): nothing
 * extra, nothing missing. Dates encode as ISO 8601 UTC through `Date#toJSON`, exactly as the
 * `Timestamp` codec encodes them. The schema still documents the route (OpenAPI). Sets
 * `content-type: application/json; charset=utf-8` (a reply serializer skips Fastify's default type).
 */
export function sendPlainJson(reply: FastifyReply): void {
  reply.serializer((payload: unknown) => JSON.stringify(payload));
  void reply.header('content-type', 'application/json; charset=utf-8');
}
