/** Result of a value parser: the value, or a message for the end user (no stack, no jargon). */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Order of day, month and year in numeric dates: 2021-04-15, 15/04/2021, 04/15/2021. */
export type DateOrder = 'ymd' | 'dmy' | 'mdy';

export interface DateOptions {
  order: DateOrder;
  /** IANA zone for times without an offset; default UTC. */
  timeZone?: string;
}

/** Money in integer minor units of an ISO 4217 currency (`{ amount_minor: 2270000, currency: 'USD' }` = $22,700.00). */
export interface MoneyValue {
  amount_minor: number;
  currency: string;
}

export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
export const fail = <T = never>(message: string): ParseResult<T> => ({ ok: false, message });
