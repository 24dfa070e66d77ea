/** vCard 4.0 writing: the exact card, folding at 75 octets, and export → import round trips (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vcardToTable } from './vcard.parse.js';
import { contactToVcard, contactsToVcard, escapeText, foldLine, type VcardContact } from './vcard.serialize.js';

const base: VcardContact = {
  id: '0190f1c2-7a3b-7c4d-8e5f-6a7b8c9d0e1f',
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada@example.com',
  phone: '+14155552671',
  mobile: '+447911123456',
  job_title: 'Analyst, Engines',
  department: 'R&D; Maths',
  company: 'Babbage & Co',
  tags: ['VIP', 'a,b'],
  updated_at: new Date('2026-03-04T05:06:07.890Z'),
};

/** The table row `vcardToTable` must give back for `c`. */
const rowOf = (c: VcardContact) => [
  c.first_name,
  c.last_name ?? '',
  c.email ?? '',
  c.phone ?? '',
  c.mobile ?? '',
  c.job_title ?? '',
  c.department ?? '',
  c.company ?? '',
  c.tags.join('; '),
  c.id,
];

describe('vCard 4.0 writer', () => {
  it('writes the RFC 6350 card with CRLF line ends and escaped text', () => {
    expect(contactToVcard(base)).toBe(
      [
        'BEGIN:VCARD',
        'VERSION:4.0',
        'UID:urn:uuid:0190f1c2-7a3b-7c4d-8e5f-6a7b8c9d0e1f',
        'FN:Ada Lovelace',
        'N:Lovelace;Ada;;;',
        'ORG:Babbage & Co;R&D\\; Maths',
        'TITLE:Analyst\\, Engines',
        'EMAIL:ada@example.com',
        'TEL;VALUE=uri;TYPE=work:tel:+14155552671',
        'TEL;VALUE=uri;TYPE=cell:tel:+447911123456',
        'CATEGORIES:VIP,a\\,b',
        'REV:20260304T050607Z',
        'END:VCARD',
        '',
      ].join('\r\n'),
    );
    const bare = {
      ...base,
      last_name: null,
      email: null,
      phone: null,
      mobile: null,
      job_title: null,
      company: null,
      department: null,
      tags: [],
    };
    expect(contactToVcard(bare)).toBe(
      'BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:0190f1c2-7a3b-7c4d-8e5f-6a7b8c9d0e1f\r\nFN:Ada\r\nN:;Ada;;;\r\nREV:20260304T050607Z\r\nEND:VCARD\r\n',
    );
    expect(escapeText('a\\b,c;d\ne\r\nf\rg')).toBe('a\\\\b\\,c\\;d\\ne\\nf\\ng');
  });

  it('folds at 75 octets without splitting a UTF-8 sequence', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        const line = `NOTE:${s}`;
        const folded = foldLine(line);
        const physical = folded.split('\r\n');
        for (const [i, p] of physical.entries()) {
          expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
          expect(Buffer.from(p, 'utf8').toString('utf8')).toBe(p); // whole code points only
          if (i > 0) expect(p.startsWith(' ')).toBe(true);
        }
        expect(physical.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
      }),
    );
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(
      foldLine('é'.repeat(40))
        .split('\r\n')
        .map((l) => Buffer.byteLength(l)),
    ).toEqual([74, 7]);
  });

  it('re-imports random contacts identically through vcardToTable', () => {
    const clean = (s: string) => s.replace(/[\0\r]/g, '').trim();
    const text = (max: number) =>
      fc
        .oneof(
          fc.string({ unit: 'grapheme', maxLength: max }),
          fc.string({
            unit: fc.constantFrom('a', 'é', ',', ';', '\\', '\n', ' ', ':', '"', '=', '^', '東', '😀'),
            maxLength: max,
          }),
        )
        .map(clean);
    const optional = (max: number) => fc.option(text(max).filter(Boolean), { nil: null });
    const phone = fc.option(fc.stringMatching(/^\+[1-9]\d{6,14}$/), { nil: null });
    const contact: fc.Arbitrary<VcardContact> = fc.record({
      id: fc.uuid(),
      first_name: text(100).filter(Boolean),
      last_name: optional(100),
      email: fc.option(fc.emailAddress(), { nil: null }),
      phone,
      mobile: phone,
      job_title: optional(300),
      department: optional(100),
      company: optional(200),
      tags: fc.uniqueArray(text(40).filter(Boolean), { maxLength: 4, selector: (t) => t.toLowerCase() }),
      updated_at: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
    });
    fc.assert(
      fc.property(fc.array(contact, { minLength: 1, maxLength: 5 }), (contacts) => {
        const vcf = contactsToVcard(contacts);
        for (const line of vcf.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
        const table = vcardToTable(vcf);
        expect(table.warnings).toEqual([]);
        expect(table.rows).toEqual(contacts.map(rowOf));
      }),
      { numRuns: 300 },
    );
  });
});
