/**
 * Money strings as exports write them (issue 6 "Values"): `$22,700.00`, `1 234,56 €` (spaces,
 * no-break and narrow no-break spaces, apostrophes group digits), `EUR 1.234,56`, `342.09K`,
 * `1.2M`, `3bn`, `(1,000.00)` and `-5` negative, plain `1234.5`.
 *
 * Decimal vs grouping separator, decided from the string alone:
 * - both `.` and `,` present → the last one is the decimal separator;
 * - one of them present several times → grouping;
 * - one of them present once → decimal, except `1–3 digits + separator + exactly 3 digits` with
 *   nothing else (`1,234`, `12.500`), which is grouping — unless the integer part is 0 (`0.125`),
 *   digits are already grouped by spaces/apostrophes, or a `.` precedes a K/M/B suffix (`1.234K`).
 * The currency is an ISO 4217 code or a symbol in the text, else `defaultCurrency`; `$` is the default
 * currency when that is a dollar currency (USD, CAD, AUD…), else USD; `¥` is JPY unless the default is
 * CNY; `kr` is the default when that is SEK, NOK, DKK or ISK, else SEK. The amount is converted to
 * minor units with the currency's ISO 4217 digits (Intl: JPY 0, USD 2, KWD 3); further digits are
 * rounded half away from zero.
 */
import type { MoneyValue, ParseResult } from './types.js';
import { fail, ok } from './types.js';

const KNOWN: Set<string> = (() => {
  try {
    return new Set(Intl.supportedValuesOf('currency'));
  } catch {
    return new Set(['USD', 'EUR', 'GBP', 'JPY', 'CHF', 'CAD', 'AUD', 'CNY', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK']);
  }
})();

const digitsCache = new Map<string, number>();

/** ISO 4217 minor-unit digits of `currency` from the runtime's ICU data (JPY 0, USD 2, KWD 3); 2 if unknown. */
export function currencyDigits(currency: string): number {
  const code = currency.toUpperCase();
  let d = digitsCache.get(code);
  if (d === undefined) {
    try {
      d =
        new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(code, d);
  }
  return d;
}

/** An ISO 4217 code in use (`eur` → `EUR`). */
export function parseCurrency(text: string): ParseResult<string> {
  const t = text.trim();
  if (t === '') return fail('is empty');
  const code = t.toUpperCase();
  if (/^[A-Z]{3}$/.test(code) && KNOWN.has(code)) return ok(code);
  const sym = takeSymbol(t, 'USD');
  if (sym && sym.rest.trim() === '') return ok(sym.currency);
  return fail(`is not a currency code such as EUR or USD`);
}

const DOLLARS = new Set(['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN', 'TWD']);
const KRONA = new Set(['SEK', 'NOK', 'DKK', 'ISK']);

/** Dollar signs by the country letters written beside them (`US$`, `$US`, `CA$`, `A$`, `R$`…). */
const DOLLAR_COUNTRIES: Record<string, string> = {
  US: 'USD',
  CA: 'CAD',
  C: 'CAD',
  AU: 'AUD',
  A: 'AUD',
  NZ: 'NZD',
  HK: 'HKD',
  SG: 'SGD',
  S: 'SGD',
  MX: 'MXN',
  R: 'BRL',
  NT: 'TWD',
};

/** Currency symbols other than `$` (which {@link takeSymbol} handles with its country letters). */
const SYMBOLS: [string, (def: string) => string][] = [
  ['zł', () => 'PLN'],
  ['Kč', () => 'CZK'],
  ['kr', (d) => (KRONA.has(d) ? d : 'SEK')],
  ['€', () => 'EUR'],
  ['£', () => 'GBP'],
  ['₹', () => 'INR'],
  ['₽', () => 'RUB'],
  ['₩', () => 'KRW'],
  ['₺', () => 'TRY'],
  ['₴', () => 'UAH'],
  ['₪', () => 'ILS'],
  ['¥', (d) => (d === 'CNY' ? 'CNY' : 'JPY')],
  ['￥', (d) => (d === 'CNY' ? 'CNY' : 'JPY')],
];

/**
 * The first currency symbol in `text` (with the one or two capital letters of a country written
 * against it, as in `US$`, `$US`, `£GB`), its currency and the text without it; null when none.
 */
function takeSymbol(text: string, def: string): { currency: string; rest: string } | null {
  const dollar = /([A-Z]{1,2})?\$([A-Z]{2})?/.exec(text);
  if (dollar) {
    const country = dollar[1] ?? dollar[2];
    const currency = country ? DOLLAR_COUNTRIES[country] : DOLLARS.has(def) ? def : 'USD';
    if (!currency) return null;
    return { currency, rest: text.replace(dollar[0], ' ') };
  }
  for (const [sym, cur] of SYMBOLS) {
    const i = text.indexOf(sym);
    if (i < 0) continue;
    const re = new RegExp(`[A-Z]{0,2}${sym.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:[A-Z]{2}(?![A-Za-z]))?`);
    return { currency: cur(def), rest: text.replace(re, ' ') };
  }
  return null;
}

const MULTIPLIERS: Record<string, number> = { k: 3, m: 6, mm: 6, mn: 6, mio: 6, b: 9, bn: 9 };
const GROUP_CHARS = /[\s'’\u00a0\u202f\u2009]/g;

/** Split `1.234,56`-like text into integer digits and fraction digits, or a message. */
function splitNumber(num: string, hasSuffix: boolean): { int: string; frac: string } | string {
  const spaced = GROUP_CHARS.test(num);
  GROUP_CHARS.lastIndex = 0;
  let s = num;
  if (spaced) {
    if (!/^\d{1,3}([\s'’\u00a0\u202f\u2009]\d{3})*([.,]\d*)?$/.test(s)) return 'has digits grouped in an unusual way';
    s = s.replace(GROUP_CHARS, '');
  }
  const dots = (s.match(/\./g) ?? []).length;
  const commas = (s.match(/,/g) ?? []).length;
  let decimal: '.' | ',' | null = null;
  if (dots && commas) decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
  else if (dots + commas === 1) {
    const sep = dots ? '.' : ',';
    const [a, b] = s.split(sep) as [string, string];
    const grouping = !spaced && /^[1-9]\d{0,2}$/.test(a) && /^\d{3}$/.test(b) && !(hasSuffix && sep === '.');
    decimal = grouping ? null : sep;
  } else if (dots + commas > 1) decimal = null;
  const group = decimal === '.' ? ',' : decimal === ',' ? '.' : dots ? '.' : ',';
  const [intPart = '', frac = '', ...more] = decimal ? s.split(decimal) : [s];
  if (more.length > 0) return 'has more than one decimal separator';
  if (frac.includes(group)) return 'has a grouping separator after the decimal separator';
  if (intPart.includes(group) && !/^\d{1,3}([.,]\d{2,3})*$/.test(intPart))
    return 'has digits grouped in an unusual way';
  const int = intPart.split(group).join('');
  if (!/^\d*$/.test(int) || !/^\d*$/.test(frac) || int + frac === '') return 'is not an amount';
  return { int, frac };
}

/**
 * An amount of money: `{ amount_minor, currency }` (integer minor units of an ISO 4217 currency;
 * negative for `(…)` or a minus sign). Fails for text without digits, two currencies, an unknown
 * code, or an amount beyond a safe integer.
 */
export function parseMoney(text: string, opts: { defaultCurrency: string }): ParseResult<MoneyValue> {
  let s = text.trim().replace(/\u2212/g, '-');
  if (s === '') return fail('is empty');
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) [negative, s] = [true, paren[1]!.trim()];
  let currency: string | null = null;
  const code = /(?:^|[^A-Za-z])([A-Za-z]{3})(?=$|[^A-Za-z])/.exec(s);
  if (code && KNOWN.has(code[1]!.toUpperCase())) {
    currency = code[1]!.toUpperCase();
    s = s.replace(code[1]!, ' ');
  }
  const sym = takeSymbol(s, currency ?? opts.defaultCurrency.toUpperCase());
  if (sym) {
    if (currency && currency !== sym.currency) return fail(`names two currencies (${currency} and ${sym.currency})`);
    currency = sym.currency;
    s = sym.rest;
  }
  s = s.trim();
  if (/^-/.test(s) || /-$/.test(s)) [negative, s] = [true, s.replace(/^-\s*|\s*-$/g, '').trim()];
  if (/^\+/.test(s)) s = s.slice(1).trim();
  let shift = 0;
  const suffix = /^(.*\d)\s*([a-z]+)\.?$/i.exec(s);
  if (suffix) {
    const m = MULTIPLIERS[suffix[2]!.toLowerCase()];
    if (m === undefined) return fail(`has an unknown unit "${suffix[2]}"`);
    shift = m;
    s = suffix[1]!;
  }
  if (!/\d/.test(s)) return fail('is not an amount (no digits)');
  if (!/^[\d.,\s'’\u00a0\u202f\u2009]+$/.test(s)) return fail('is not an amount');
  const parts = splitNumber(s.trim(), shift > 0);
  if (typeof parts === 'string') return fail(parts);
  currency ??= opts.defaultCurrency.trim().toUpperCase();
  if (currency === '') return fail('has no currency: add a currency code (e.g. 25 EUR) or choose a default currency');
  if (!KNOWN.has(currency)) return fail(`has an unknown currency "${currency}"`);
  const digits = currencyDigits(currency);
  // Digits of the amount × 10^(digits + shift), rounded half away from zero, in exact integer arithmetic.
  const frac = parts.frac.padEnd(digits + shift + 1, '0');
  const kept = BigInt((parts.int || '0') + frac.slice(0, digits + shift));
  const rounded = kept + (Number(frac[digits + shift]) >= 5 ? 1n : 0n);
  if (rounded > BigInt(Number.MAX_SAFE_INTEGER)) return fail('is too large an amount');
  const minor = Number(rounded);
  return ok({ amount_minor: negative && minor !== 0 ? -minor : minor, currency });
}
