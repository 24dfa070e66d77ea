import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectDateOrder,
  matchPicklist,
  parseBoolean,
  parseCurrency,
  parseDate,
  parseDateTime,
  parseInteger,
  parseMoney,
  parsePercent,
  parsePhone,
  splitMulti,
} from './index.js';

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(`expected ok, got: ${r.message}`);
  return r.value;
};
const message = (r: { ok: boolean; message?: string }) => {
  expect(r.ok).toBe(false);
  return r.message!;
};

describe('dates', () => {
  it.each([
    ['2021-04-15', 'ymd', '2021-04-15'],
    ['15/04/2021', 'dmy', '2021-04-15'],
    ['15.04.2021', 'dmy', '2021-04-15'],
    ['15-04-21', 'dmy', '2021-04-15'],
    ['04/15/2021', 'mdy', '2021-04-15'],
    ['4/5/99', 'mdy', '1999-04-05'],
    ['2021/04/15', 'mdy', '2021-04-15'],
    ['15 Apr, 2021 00:03:00', 'mdy', '2021-04-15'],
    ['Apr 15 2021', 'dmy', '2021-04-15'],
    ['April 15th, 2021', 'dmy', '2021-04-15'],
    ['15-Apr-2021', 'mdy', '2021-04-15'],
    ['Thu, 15 April 2021', 'mdy', '2021-04-15'],
    ['Sept 3, 2021', 'mdy', '2021-09-03'],
    ['2023-05-03T10:34:07.000+0000', 'ymd', '2023-05-03'],
    ['2026-01-20 14:55', 'dmy', '2026-01-20'],
    ['29/02/2024', 'dmy', '2024-02-29'],
  ] as const)('parseDate(%j, %s) = %s', (text, order, expected) => {
    expect(value(parseDate(text, { order }))).toBe(expected);
  });

  it.each([
    ['2023-05-03T10:34:07.000+0000', {}, '2023-05-03T10:34:07.000Z'],
    ['2023-05-03T10:34:07+02:00', {}, '2023-05-03T08:34:07.000Z'],
    ['2023-05-03T10:34:07Z', { timeZone: 'Europe/Berlin' }, '2023-05-03T10:34:07.000Z'],
    ['2026-01-20 14:55', {}, '2026-01-20T14:55:00.000Z'],
    ['2026-01-20 14:55', { timeZone: 'Europe/Berlin' }, '2026-01-20T13:55:00.000Z'],
    ['2026-07-20 14:55', { timeZone: 'Europe/Berlin' }, '2026-07-20T12:55:00.000Z'],
    ['2026-07-20 14:55', { timeZone: 'America/New_York' }, '2026-07-20T18:55:00.000Z'],
    ['15 Apr, 2021 00:03:00', {}, '2021-04-15T00:03:00.000Z'],
    ['04/15/2021 3:05 PM', { order: 'mdy' }, '2021-04-15T15:05:00.000Z'],
    ['04/15/2021 12:00 am', { order: 'mdy' }, '2021-04-15T00:00:00.000Z'],
    ['15.04.2021 23:59:59', { order: 'dmy' }, '2021-04-15T23:59:59.000Z'],
    ['2021-04-15', { timeZone: 'Asia/Tokyo' }, '2021-04-14T15:00:00.000Z'],
    ['2021-04-15 10:00 UTC', { timeZone: 'Asia/Tokyo' }, '2021-04-15T10:00:00.000Z'],
  ] as const)('parseDateTime(%j, %j) = %s', (text, opts, expected) => {
    expect(value(parseDateTime(text, { order: 'ymd', ...opts }))).toBe(expected);
  });

  it('a date with an offset takes the date in the time zone', () => {
    expect(value(parseDate('2021-04-15T23:30:00Z', { order: 'ymd', timeZone: 'Europe/Berlin' }))).toBe('2021-04-16');
  });

  it('refuses impossible or unreadable dates with a clear message', () => {
    expect(message(parseDate('31/02/2021', { order: 'dmy' }))).toMatch(/no day 31/);
    expect(message(parseDate('13/15/2021', { order: 'dmy' }))).toMatch(/no month 15.*date order/);
    expect(message(parseDate('soon', { order: 'dmy' }))).toMatch(/is not a date/);
    expect(message(parseDate('', { order: 'dmy' }))).toBe('is empty');
    expect(message(parseDateTime('2021-04-15 25:00', { order: 'ymd' }))).toMatch(/time/);
    expect(message(parseDateTime('2021-04-15 13:00 PM', { order: 'ymd' }))).toMatch(/1–12/);
    expect(message(parseDateTime('2021-04-15 10:00', { order: 'ymd', timeZone: 'Mars/Base' }))).toMatch(/time zone/);
  });

  it('detects the date order when a day > 12 decides', () => {
    expect(detectDateOrder(['01/02/2021', '25/02/2021'])).toBe('dmy');
    expect(detectDateOrder(['01/02/2021', '02/25/2021'])).toBe('mdy');
    expect(detectDateOrder(['01/02/2021', '03/04/2021'])).toBeNull();
    expect(detectDateOrder(['25/02/2021', '02/25/2021'])).toBeNull();
    expect(detectDateOrder(['2021-04-15', '15 Apr, 2021 00:03:00'])).toBe('ymd');
    expect(detectDateOrder(['2021-04-15', '13.01.2020'])).toBe('dmy');
  });

  it('round-trips every day of any year through D/M/Y, M/D/Y and ISO', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split('-');
        expect(value(parseDate(`${day}/${m}/${y}`, { order: 'dmy' }))).toBe(iso);
        expect(value(parseDate(`${m}/${day}/${y}`, { order: 'mdy' }))).toBe(iso);
        expect(value(parseDateTime(d.toISOString(), { order: 'ymd' }))).toBe(d.toISOString());
      }),
    );
  });
});

describe('money', () => {
  const usd = { defaultCurrency: 'USD' };
  const eur = { defaultCurrency: 'EUR' };
  it.each([
    ['$22,700.00', usd, 2_270_000, 'USD'],
    ['1 234,56 €', usd, 123_456, 'EUR'],
    ['1\u202f234,56\u00a0€', usd, 123_456, 'EUR'],
    ['$342.09K', usd, 34_209_000, 'USD'],
    ['1.2M', eur, 120_000_000, 'EUR'],
    ['EUR 1.234,56', usd, 123_456, 'EUR'],
    ['(1,000.00)', usd, -100_000, 'USD'],
    ['-5', eur, -500, 'EUR'],
    ['1234.5', eur, 123_450, 'EUR'],
    ['1,234', usd, 123_400, 'USD'],
    ['12,5', eur, 1_250, 'EUR'],
    ['0.125', { defaultCurrency: 'KWD' }, 125, 'KWD'],
    ['1.234', { defaultCurrency: 'KWD' }, 1_234_000, 'KWD'],
    ['¥1,000', usd, 1_000, 'JPY'],
    ['1000 jpy', usd, 1_000, 'JPY'],
    ["CHF 1'234.50", usd, 123_450, 'CHF'],
    ['$5', { defaultCurrency: 'CAD' }, 500, 'CAD'],
    ['US$5', { defaultCurrency: 'CAD' }, 500, 'USD'],
    ['12.345', usd, 1_234_500, 'USD'],
    ['0.005', usd, 1, 'USD'],
    ['3bn', usd, 300_000_000_000, 'USD'],
  ] as const)('parseMoney(%j)', (text, opts, amount, currency) => {
    expect(value(parseMoney(text, opts))).toEqual({ amount_minor: amount, currency });
  });

  it('refuses non-amounts clearly', () => {
    expect(message(parseMoney('abc', { defaultCurrency: 'USD' }))).toMatch(/not an amount/);
    expect(message(parseMoney('€5 USD', { defaultCurrency: 'USD' }))).toMatch(/two currencies/);
    expect(message(parseMoney('5 lakh', { defaultCurrency: 'USD' }))).toMatch(/unknown unit/);
    expect(message(parseMoney('1.2.3,4,5', { defaultCurrency: 'USD' }))).toBeTruthy();
    expect(message(parseMoney('99999999999999999', { defaultCurrency: 'USD' }))).toMatch(/too large/);
    expect(value(parseCurrency(' eur '))).toBe('EUR');
    expect(value(parseCurrency('€'))).toBe('EUR');
    expect(message(parseCurrency('XYZ1'))).toMatch(/currency code/);
  });

  it('reads back amounts formatted by Intl in en-US, de-DE, fr-FR, de-CH and ja-JP', () => {
    const currencies = ['USD', 'EUR', 'JPY', 'KWD', 'GBP', 'CHF'] as const;
    const locales = ['en-US', 'de-DE', 'fr-FR', 'de-CH', 'en-IN'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
        fc.constantFrom(...currencies),
        fc.constantFrom(...locales),
        fc.boolean(),
        (minor, currency, locale, code) => {
          const digits = currency === 'JPY' ? 0 : currency === 'KWD' ? 3 : 2;
          const text = new Intl.NumberFormat(locale, {
            style: 'currency',
            currency,
            currencyDisplay: code ? 'code' : 'symbol',
            minimumFractionDigits: digits,
          }).format(minor / 10 ** digits);
          const parsed = parseMoney(text, { defaultCurrency: currency });
          expect(parsed, text).toEqual({ ok: true, value: { amount_minor: minor, currency } });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('scalars', () => {
  it('booleans in common spellings', () => {
    for (const t of ['yes', 'Y', 'TRUE', '1', 'x', 'ja', 'Oui', 'sí', 'checked'])
      expect(value(parseBoolean(t))).toBe(true);
    for (const t of ['no', 'N', 'false', '0', 'nein', 'non', 'No ']) expect(value(parseBoolean(t))).toBe(false);
    expect(message(parseBoolean('maybe'))).toMatch(/yes\/no/);
  });

  it('integers and percentages', () => {
    expect(value(parseInteger('1,234'))).toBe(1234);
    expect(value(parseInteger('1.234.567'))).toBe(1234567);
    expect(value(parseInteger(' 1 234 '))).toBe(1234);
    expect(value(parseInteger('-5'))).toBe(-5);
    expect(value(parseInteger('12.0'))).toBe(12);
    expect(message(parseInteger('1.5'))).toMatch(/whole number/);
    expect(message(parseInteger('ten'))).toMatch(/whole number/);
    expect(value(parsePercent('45%'))).toBe(45);
    expect(value(parsePercent('45,5 %'))).toBe(45.5);
    expect(value(parsePercent('0.45'))).toBe(45);
    expect(value(parsePercent('45'))).toBe(45);
    expect(value(parsePercent('1'))).toBe(1);
    expect(message(parsePercent('150%'))).toMatch(/between 0% and 100%/);
  });

  it('phones to E.164 in the default region', () => {
    expect(value(parsePhone('(610) 265-9100', 'US'))).toBe('+16102659100');
    expect(value(parsePhone('030 12345678', 'DE'))).toBe('+493012345678');
    expect(value(parsePhone('+44 20 7946 0958', 'US'))).toBe('+442079460958');
    expect(value(parsePhone('(03) 9509 3311', 'AU'))).toBe('+61395093311');
    expect(message(parsePhone('12', 'US'))).toMatch(/not a valid phone number.*US/);
  });

  it('multi-values and picklists', () => {
    expect(splitMulti(' vip; Partner ;;VIP; new ')).toEqual(['vip', 'Partner', 'new']);
    expect(splitMulti('a, b,,c')).toEqual(['a', 'b', 'c']);
    expect(splitMulti('Acme, Inc.; Beta')).toEqual(['Acme, Inc.', 'Beta']);
    expect(value(matchPicklist(' NEW business', ['new_business', 'renewal']))).toBe('new_business');
    expect(value(matchPicklist('Résumé', ['resume', 'other']))).toBe('resume');
    expect(message(matchPicklist('gold', ['cold', 'warm', 'hot']))).toBe('is not one of: cold, warm, hot');
  });

  it('splitMulti never returns empties or case-duplicates', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 8 }), fc.constantFrom(';', ','), (parts, sep) => {
        const out = splitMulti(parts.join(sep));
        expect(out.every((v) => v !== '' && v === v.trim())).toBe(true);
        expect(new Set(out.map((v) => v.toLowerCase())).size).toBe(out.length);
      }),
    );
  });
});
