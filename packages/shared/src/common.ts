import { z } from 'zod';

/** An entity id: a UUID (the API issues UUIDv7, RFC 9562 §5.7). */
export const Id = z.uuid({ error: 'must be a UUID' });

/** True when `d` falls in years 0001–9999 UTC: what PostgreSQL and 4-digit ISO 8601 years both hold. */
export const inIsoYears = (d: Date) => {
  const y = d.getUTCFullYear();
  return y >= 1 && y <= 9999;
};

/**
 * A point in time. On the wire an ISO 8601 / RFC 3339 string in UTC (`2026-11-22T10:00:00.000Z`);
 * in server code a `Date`. Response serialisation encodes `Date → string`; clients that parse a
 * response with the same schema get `Date` back. Years 0001–9999 only (400 otherwise).
 */
export const Timestamp = z.codec(
  z.iso.datetime({ offset: true }).refine((s) => inIsoYears(new Date(s)), {
    error: 'must be a time between the years 0001 and 9999 (UTC)',
    abort: true,
  }),
  z.date(),
  {
    decode: (s) => new Date(s),
    encode: (d) => d.toISOString(),
  },
);

/** Path parameters of a route addressing one record by id. */
export const IdParams = z.strictObject({ id: Id });

/** Keyset pagination query: `limit` 1–100 (default 20) and the opaque `cursor` of the previous page. */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A page of a list: `data` in the requested order and the cursor of the next page (null at the end). */
export function Page<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}

/** Body of a response that only acknowledges (`{ ok: true }`). */
export const Ok = z.object({ ok: z.literal(true) });

/** The wire (JSON) shape of a contract: timestamps are strings. Use in browsers and scripts. */
export type Wire<T extends z.ZodType> = z.input<T>;

/** Documents an empty `204 No Content` response. */
export const NoContent = z.null().describe('No content');
