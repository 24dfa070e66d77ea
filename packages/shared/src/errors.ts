import { z } from 'zod';

/**
 * Machine-readable error codes. Each maps to one HTTP status (DESIGN §5):
 * 400 validation_error, 401 unauthorized, 403 forbidden, 404 not_found, 409 conflict,
 * 410 gone, 412 precondition_failed, 413 payload_too_large, 414 uri_too_long, 415 unsupported_media_type,
 * 422 unprocessable, 429 rate_limited, 500 internal, 503 unavailable.
 */
export const ErrorCode = z.enum([
  'validation_error',
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'gone',
  'precondition_failed',
  'payload_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'unprocessable',
  'rate_limited',
  'internal',
  'unavailable',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** One problem with the request: `path` is dotted from the request part, e.g. `body.email`. */
export const FieldIssue = z.object({ path: z.string(), message: z.string(), code: z.string().optional() });
export type FieldIssue = z.infer<typeof FieldIssue>;

/**
 * The one error body of every non-2xx response: `{ error: { code, message, details? } }`.
 * `details.issues` lists field problems for 400s; other codes may add context such as
 * `details.existing_id` on a 409. Never contains a stack trace.
 */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z
      .object({ issues: z.array(FieldIssue).optional() })
      .catchall(z.unknown())
      .optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
