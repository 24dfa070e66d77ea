import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvRecord } from './exports.format.js';

describe('csvRecord (RFC 4180)', () => {
  it('quotes only fields holding a quote, comma, CR or LF, doubling inner quotes, and ends with CRLF', () => {
    expect(csvRecord(['a', '', 'b c', 'Zoë'])).toBe('a,,b c,Zoë\r\n');
    expect(csvRecord(['Acme, "Ltd"', 'x\ny', 'cr\r', '"'])).toBe('"Acme, ""Ltd""","x\ny","cr\r",""""\r\n');
  });

  it('reads back unchanged with csv-parse (the import reader) for arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 2, maxLength: 6 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          const width = rows[0]!.length;
          const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
          const text = table.map((r) => csvRecord(r)).join('');
          expect(parse(text, { relax_column_count: false })).toEqual(table);
        },
      ),
      { numRuns: 300 },
    );
  });
});
