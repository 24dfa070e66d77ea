/**
 * Cell value parsers for imports (issue 6 "Values"). Every parser takes the raw cell text (trimmed
 * here) and returns `{ ok: true, value } | { ok: false, message }`, the message written for an end
 * user ("is not a date in D/M/Y order"); none throws. Empty cells are the caller's business (they
 * return `{ ok: false }` with "is empty").
 */
export type { ParseResult, DateOrder, DateOptions, MoneyValue } from './types.js';
export { parseDate, parseDateTime, detectDateOrder } from './dates.js';
export { parseMoney, parseCurrency, currencyDigits } from './money.js';
export {
  parseBoolean,
  parseInteger,
  parsePercent,
  parsePhone,
  splitMulti,
  matchPicklist,
  foldText,
} from './scalars.js';
