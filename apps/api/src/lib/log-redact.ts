/**
 * Keeps secrets that travel in URLs out of the logs: calendar-feed tokens (`/ical/{token}.ics`) and
 * `token` query parameters (invitation previews).
 */
import type { FastifyRequest } from 'fastify';

/** `url` with calendar-feed path tokens and `token=` query values replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  return url
    .replace(/^\/ical\/[^/?#]+?(\.ics)?(?=$|[?#])/, (_m, ext: string | undefined) => `/ical/[redacted]${ext ?? ''}`)
    .replace(/([?&]token=)[^&#]*/g, '$1[redacted]');
}

/**
 * pino `req` serializer: the fields Fastify logs by default (method, url, host, remote address and
 * port), with the URL passed through {@link redactUrl}.
 */
export function requestLogFields(req: FastifyRequest) {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
