/**
 * Optimistic concurrency (DESIGN §4): records carry an integer `version`; a write may send
 * `If-Match: "<version>"` (RFC 9110 §13.1.1; a bare number or a weak tag `W/"3"` is accepted too)
 * and gets 412 when the record has moved on.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalid } from './errors.js';

/** The version the client expects, or undefined when it sent no If-Match (or `*`). */
export function expectedVersion(req: FastifyRequest): number | undefined {
  const raw = req.headers['if-match'];
  if (raw === undefined || raw.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  if (!m) throw invalid([{ path: 'headers.if-match', message: 'must be the record version, e.g. "3"' }]);
  return Number(m[1]);
}

/** 412 for a stale version. */
export function staleVersion(current: number): AppError {
  return new AppError(
    'precondition_failed',
    `The record was changed by someone else (now version ${current}); reload and retry`,
    {
      current_version: current,
    },
  );
}

/** Sets the `ETag` of a versioned record so clients can send it back as If-Match. */
export function setEtag(reply: FastifyReply, version: number): void {
  reply.header('etag', `"${version}"`);
}
