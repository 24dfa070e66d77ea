import type { ErrorCode, FieldIssue } from '@relata/shared';

const STATUS: Record<ErrorCode, number> = {
  validation_error: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/**
 * An error meant for the client: rendered as `{ error: { code, message, details } }` with the status
 * of its code (DESIGN §5). Services throw these; anything else becomes a logged 500.
 */
export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = STATUS[code];
  }
}

export const statusOf = (code: ErrorCode) => STATUS[code];

/** 404 that reads the same whether the record never existed or belongs to another organisation. */
export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message: string) => new AppError('forbidden', message);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError('conflict', message, details);
export const unprocessable = (message: string, details?: Record<string, unknown>) =>
  new AppError('unprocessable', message, details);
/** 400 for one or more fields, each with a dotted `path` such as `body.email`. */
export const invalid = (issues: FieldIssue[]) =>
  new AppError('validation_error', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
