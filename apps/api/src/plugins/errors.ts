/**
 * One error shape for every failure (DESIGN §5): `{ error: { code, message, details? } }`, the
 * status of the code, no stack traces. Validation failures list field paths (`body.email`);
 * unknown fields are named one by one.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode, FieldIssue } from '@relata/shared';
import { AppError, statusOf } from '../lib/errors.js';

function send(reply: FastifyReply, code: ErrorCode, message: string, details?: Record<string, unknown>) {
  const body: ErrorBody = { error: { code, message, ...(details ? { details } : {}) } };
  return reply.status(statusOf(code)).type('application/json; charset=utf-8').send(body);
}

/**
 * Turns Zod issues reported by the validator into `{ path, message, code }` entries. Paths start
 * with the request part: `body`, `params`, `headers` or `query` (Fastify calls it `querystring`; we
 * say `query` everywhere, as the services' own errors do).
 */
function fieldIssues(err: FastifyError & { validation: unknown[] }): FieldIssue[] {
  const context = err.validationContext ?? 'body';
  const part = context === 'querystring' ? 'query' : context;
  const issues: FieldIssue[] = [];
  for (const v of err.validation as Array<{
    instancePath: string;
    message?: string;
    keyword: string;
    params?: { keys?: string[] };
  }>) {
    const base = [part, ...v.instancePath.split('/').filter(Boolean)].join('.');
    if (v.keyword === 'unrecognized_keys' && v.params?.keys?.length) {
      for (const key of v.params.keys)
        issues.push({ path: `${base}.${key}`, message: 'unknown field', code: 'unknown_field' });
    } else {
      issues.push({ path: base, message: v.message ?? 'is invalid', code: v.keyword });
    }
  }
  return issues;
}

/** PostgreSQL errors that are the client's fault, by SQLSTATE. */
function fromPostgres(err: { code?: string; constraint?: string }): [ErrorCode, string] | null {
  switch (err.code) {
    case '23505':
      return ['conflict', 'A record with the same unique value already exists'];
    case '23503':
      return ['unprocessable', 'A referenced record does not exist'];
    case '22021':
    case '22P05':
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
      return ['bad_request', 'A value has the wrong format or is out of range'];
    case '40001':
    case '40P01':
      return ['conflict', 'The record was changed concurrently; retry the request'];
    default:
      return null;
  }
}

export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      return send(reply, err.code, err.message, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = fieldIssues(err);
      return send(reply, 'validation_error', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
    }
    const pgMapped = fromPostgres(err as { code?: string });
    if (pgMapped) {
      req.log.info({ err }, 'database constraint rejected the request');
      return send(reply, pgMapped[0], pgMapped[1]);
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return send(reply, 'payload_too_large', 'The request body is too large');
    if (status === 415) return send(reply, 'unsupported_media_type', 'Unsupported content type; send application/json');
    if (status === 429) return send(reply, 'rate_limited', err.message || 'Too many requests');
    if (status === 405) return send(reply, 'method_not_allowed', 'Method not allowed');
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, empty body with a JSON content type, bad headers.
      return send(
        reply,
        'bad_request',
        err.code?.startsWith('FST_ERR_CTP') ? 'The request body is not valid JSON' : err.message,
      );
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, 'internal', `Internal error; quote request id ${req.id} when reporting it`);
  });
});
