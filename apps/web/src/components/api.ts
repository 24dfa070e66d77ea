/**
 * The one HTTP client of the web app: same-origin JSON requests to `/api/v1`, errors turned into
 * `ApiError` carrying the server's `{ error: { code, message, details } }`.
 */
import type { ErrorBody, ErrorCode, FieldIssue } from '@relata/shared';

/** A failed API call: HTTP status (0 when the server was not reached), code, message and field issues. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network_error';
  readonly details: Record<string, unknown>;
  constructor(status: number, code: ApiError['code'], message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details ?? {};
  }

  /** Field problems reported by the server (`path` such as `body.email`). */
  get issues(): FieldIssue[] {
    const issues = this.details.issues;
    return Array.isArray(issues) ? (issues as FieldIssue[]) : [];
  }

  /** The `details.reason` the server gave, e.g. `no_active_organization`. */
  get reason(): string | undefined {
    return typeof this.details.reason === 'string' ? this.details.reason : undefined;
  }
}

/** True when `err` means the session is missing or expired. */
export const isUnauthorized = (err: unknown): boolean => err instanceof ApiError && err.status === 401;

/** True when `err` means the signed-in user has no active organisation. */
export const isNoActiveOrg = (err: unknown): boolean =>
  err instanceof ApiError && err.status === 403 && err.reason === 'no_active_organization';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function toError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as Partial<ErrorBody>;
    if (body.error?.message) return new ApiError(res.status, body.error.code, body.error.message, body.error.details);
  } catch {
    // Not JSON (a proxy or an unreachable API): fall through to a generic message.
  }
  const message =
    res.status >= 500
      ? `The server could not answer (HTTP ${res.status}). Try again in a moment.`
      : `Request failed (HTTP ${res.status})`;
  return new ApiError(res.status, res.status >= 500 ? 'unavailable' : 'bad_request', message);
}

/** Calls `path` (e.g. `/api/v1/me`) and returns the parsed JSON body (undefined for 204); throws ApiError. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Builds a query string from the defined values of `params` (`?a=1&b=x`, or '' when empty). */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}

/**
 * `If-Match` for a versioned write (RFC 9110 §13.1.1; the API answers 412 when stale):
 * `{ 'if-match': '"<version>"' }`, or no header at all when the version is unknown (`undefined`),
 * e.g. an activity seen only through a timeline entry.
 */
export const ifMatch = (version?: number): Record<string, string> =>
  version === undefined ? {} : { 'if-match': `"${version}"` };
