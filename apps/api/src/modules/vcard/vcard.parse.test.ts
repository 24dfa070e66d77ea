/** The vCard reader on hand-made cards: each rule of vcard.lines.ts / vcard.parse.ts in isolation. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseVcards } from './vcard.lines.js';
import { decodeVcardBytes } from './vcard.text.js';
import { vcardToTable } from './vcard.parse.js';

const card = (version: string, ...lines: string[]) =>
  ['BEGIN:VCARD', `VERSION:${version}`, ...lines, 'END:VCARD'].join('\r\n') + '\r\n';

/** The first row of `text` as an object of its non-empty cells. */
function row(text: string, index = 0) {
  const t = vcardToTable(text);
  const r = t.rows[index];
  if (!r) throw new Error(`no row ${index}: ${JSON.stringify(t.warnings)}`);
  return Object.fromEntries(t.headers.map((h, i) => [h, r[i]]).filter(([, v]) => v !== ''));
}

describe('vCard reader', () => {
  it('decodes quoted-printable in every charset, with soft line breaks and the bare 2.1 form', () => {
    const latin1 = card(
      '2.1',
      'N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen',
      'ORG;CHARSET=windows-1252;QUOTED-PRINTABLE:Caf=E9 =80uro;Ventes',
      'TITLE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Gesch=C3=A4fts=',
      'f=C3=BChrer',
    );
    expect(row(latin1)).toEqual({
      first_name: 'Jürgen',
      last_name: 'Müller',
      company: 'Café €uro',
      department: 'Ventes',
      job_title: 'Geschäftsführer',
    });
    // No CHARSET: UTF-8 when the bytes are valid UTF-8, else Windows-1252.
    expect(row(card('2.1', 'FN;ENCODING=QUOTED-PRINTABLE:Ren=C3=A9e Dupr=E9')).first_name).toBe('Renée');
    expect(row(card('2.1', 'FN;ENCODING=QUOTED-PRINTABLE:Ren=C3=A9e Dupr=E9')).last_name).toBe('Dupré');
    // =0D=0A is a line break inside the value; a soft break never swallows END:VCARD.
    const t = vcardToTable(
      card('2.1', 'N:Doe;Jane', 'NOTE;ENCODING=QUOTED-PRINTABLE:a=0D=0Ab=') + card('2.1', 'N:Roe;Rick'),
    );
    expect(t.rows.map((r) => r[0])).toEqual(['Jane', 'Rick']);
  });

  it('unfolds lines (space or tab, one character removed) and accepts CRLF, LF, CR and CR CR LF', () => {
    const folded = card('4.0', 'N:Ö', ' ster;Ana;;;', 'TITLE:Head of', '  Sales', 'EMAIL:ana@exa', '\tmple.com');
    expect(row(folded)).toEqual({
      first_name: 'Ana',
      last_name: 'Öster',
      job_title: 'Head of Sales',
      email: 'ana@example.com',
    });
    for (const eol of ['\n', '\r', '\r\r\n']) {
      expect(row(folded.replace(/\r\n/g, eol)), JSON.stringify(eol)).toEqual(row(folded));
    }
    expect(row('\uFEFFbegin:vcard\nversion:3.0\nn:Doe;John\nend:vcard').first_name).toBe('John');
  });

  it('unescapes \\, \\; \\n \\\\ and keeps structured components apart', () => {
    const r = row(
      card(
        '3.0',
        'N:O\\;Brien\\, Jr.;Mary\\nAnn;;;',
        'ORG:Smith\\, Jones \\& Co;R\\;D',
        'TITLE:C:\\\\temp\\, \\:x',
        'EMAIL:mailto:mary@example.com',
      ),
    );
    expect(r).toEqual({
      first_name: 'Mary\nAnn',
      last_name: 'O;Brien, Jr.',
      company: 'Smith, Jones \\& Co',
      department: 'R;D',
      job_title: 'C:\\temp, :x',
      email: 'mary@example.com',
    });
    // 3.0/4.0 lists inside N components are joined with spaces; 2.1 has no lists.
    expect(row(card('4.0', 'N:Stevenson;John,Paul;;;')).first_name).toBe('John Paul');
    expect(row(card('2.1', 'N:Stevenson;John,Paul;;;')).first_name).toBe('John,Paul');
  });

  it('reads TYPE in every form and PREF, and picks email, phone and mobile by them', () => {
    const { cards } = parseVcards(
      card(
        '3.0',
        'TEL;TYPE=work,pref:1',
        'TEL;TYPE=WORK;TYPE=PREF:2',
        'TEL;WORK;VOICE:3',
        'TEL;TYPE="work,voice";PREF=2:4',
        'TEL;type=cell;X-UUID="a;b:c,d":5',
      ),
    );
    expect(cards[0]!.properties.map((p) => [p.types, p.pref])).toEqual([
      [['work', 'pref'], 1],
      [['work', 'pref'], 1],
      [['work', 'voice'], 101],
      [['work', 'voice'], 2],
      [['cell'], 101],
    ]);
    expect(cards[0]!.properties[4]!.params.get('X-UUID')).toEqual(['a;b:c,d']);
    const people = card(
      '4.0',
      'FN:Pat Lee',
      'EMAIL:first@example.com',
      'EMAIL;PREF=1:preferred@example.com',
      'item1.EMAIL;TYPE=pref:grouped@example.com',
      'TEL;TYPE=home:+1 415 555 0100',
      'TEL;TYPE=voice:+1 415 555 0101',
      'TEL;TYPE=fax,work:+1 415 555 0102',
      'TEL;TYPE=cell:+1 415 555 0103',
      'TEL;TYPE=cell;PREF=1:+1 415 555 0104',
      'TEL;VALUE=uri;TYPE=work:tel:+1-415-555-0105;ext=7',
    );
    const t = vcardToTable(people);
    expect(row(people)).toEqual({
      first_name: 'Pat',
      last_name: 'Lee',
      email: 'preferred@example.com',
      phone: '+1-415-555-0105 ext. 7',
      mobile: '+1 415 555 0104',
    });
    expect(t.warnings).toEqual([
      { card: 1, message: '2 more email address(es) not imported: grouped@example.com; first@example.com' },
      {
        card: 1,
        message:
          '4 more phone number(s) not imported: +1 415 555 0100 (home); +1 415 555 0101 (voice); +1 415 555 0102 (fax, work); +1 415 555 0103 (cell)',
      },
    ]);
  });

  it('names cards without N: FN split, organisation cards, ORG only, email only', () => {
    expect(row(card('3.0', 'FN:Ada King Lovelace'))).toMatchObject({ first_name: 'Ada King', last_name: 'Lovelace' });
    expect(row(card('3.0', 'N:Plato;;;;'))).toMatchObject({ first_name: 'Plato' });
    expect(row(card('3.0', 'N:;;;;', 'ORG:Acme Ltd;Sales'))).toEqual({
      first_name: 'Acme Ltd',
      company: 'Acme Ltd',
      department: 'Sales',
    });
    expect(row(card('3.0', 'N:;;;;', 'FN:Acme', 'ORG:Acme;', 'X-ABShowAs:COMPANY'))).toEqual({
      first_name: 'Acme',
      company: 'Acme',
    });
    expect(row(card('4.0', 'KIND:org', 'FN:Acme Support', 'ORG:Acme'))).toMatchObject({ first_name: 'Acme Support' });
    expect(row(card('2.1', 'EMAIL;INTERNET:sam@example.com'))).toEqual({ first_name: 'sam', email: 'sam@example.com' });
    const nothing = vcardToTable(card('4.0', 'NOTE:just a note') + card('4.0', 'TEL:+1 415 555 0100'));
    expect(nothing.rows).toEqual([['', '', '', '+1 415 555 0100', '', '', '', '', '', '']]);
    expect(nothing.warnings.map((w) => [w.card, w.message])).toEqual([
      [1, 'skipped: the card has no name, email, phone or organisation'],
      [2, 'the card has no name (N, FN or ORG); the import needs a first name'],
    ]);
  });

  it('skips photos, logos, sounds and keys without keeping them, inline, folded or as 2.1 base64 bodies', () => {
    const big = 'A'.repeat(8 * 1024 * 1024);
    const folded = big.match(/.{1,74}/g)!.join('\r\n ');
    const text =
      card('3.0', 'N:One;Photo', `PHOTO;ENCODING=b;TYPE=JPEG:${folded}`, 'EMAIL:one@example.com') +
      card(
        '2.1',
        'N:Two;Photo',
        'PHOTO;ENCODING=BASE64;TYPE=JPEG:',
        ...big.slice(0, 1_000_000).match(/.{1,76}/g)!,
        '',
        'EMAIL:two@example.com',
      ) +
      card(
        '3.0',
        'N:Three;Photo',
        'PHOTO;BASE64:',
        `  ${big.slice(0, 10_000)}`,
        '',
        'LOGO;VALUE=uri:http://x/y.png',
        'EMAIL:three@example.com',
      ) +
      card(
        '4.0',
        'N:Four;Photo',
        `item1.SOUND:data:audio/basic;base64,${big.slice(0, 100_000)}`,
        `KEY:data:x;base64,${big.slice(0, 1000)}`,
      );
    const { cards, warnings } = parseVcards(text);
    expect(warnings).toEqual([]);
    expect(cards.map((c) => c.properties.map((p) => p.name))).toEqual([
      ['N', 'EMAIL'],
      ['N', 'EMAIL'],
      ['N', 'EMAIL'],
      ['N'],
    ]);
    expect(vcardToTable(text).rows.map((r) => r[2])).toEqual([
      'one@example.com',
      'two@example.com',
      'three@example.com',
      '',
    ]);
  });

  it('drops an over-long text property with a warning and keeps the rest of the card', () => {
    const t = vcardToTable(card('4.0', 'N:Long;Note', `NOTE:${'x'.repeat(1_100_000)}`, 'EMAIL:l@example.com'));
    expect(t.rows[0]![2]).toBe('l@example.com');
    expect(t.warnings).toEqual([{ card: 1, message: 'a property longer than 1000000 characters was skipped' }]);
  });

  it('handles nested AGENT cards, missing END, unreadable lines, text outside cards and empty files', () => {
    const text = [
      'garbage before',
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N:Boss;Big',
      'AGENT:',
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N:Assistant;Amy',
      'EMAIL:amy@example.com',
      'END:VCARD',
      'EMAIL:big@example.com',
      'this line has no colon',
      'END:VCARD',
      'BEGIN:VCARD',
      'N:Last;Lost',
    ].join('\r\n');
    const t = vcardToTable(text);
    expect(t.rows.map((r) => [r[0], r[2]])).toEqual([
      ['Big', 'big@example.com'],
      ['Lost', ''],
    ]);
    expect(t.warnings).toEqual([
      { card: 1, message: '1 unreadable line(s) ignored' },
      { card: 2, message: 'the card has no END:VCARD line; read up to the end of the file' },
    ]);
    for (const empty of ['', 'hello', 'END:VCARD']) {
      expect(vcardToTable(empty)).toEqual({
        headers: expect.any(Array),
        rows: [],
        warnings: [{ card: 0, message: 'the file holds no vCard (no BEGIN:VCARD … END:VCARD)' }],
      });
    }
  });

  it('reads tags from CATEGORIES and the UID', () => {
    const r = row(
      card(
        '4.0',
        'N:Doe;Jo',
        'CATEGORIES:VIP,Press\\, EU',
        'CATEGORIES:vip,Board',
        'UID:urn:uuid:0190F1C2-7A3B-7C4D-8E5F-6A7B8C9D0E1F',
      ),
    );
    expect(r).toMatchObject({ tags: 'VIP; Press, EU; Board', external_id: '0190F1C2-7A3B-7C4D-8E5F-6A7B8C9D0E1F' });
  });

  it('decodes file bytes: BOMs, UTF-16 without BOM, UTF-8, else Windows-1252', () => {
    const text = card('3.0', 'N:Müller;Zoë', 'ORG:Café €');
    const expected = { first_name: 'Zoë', last_name: 'Müller', company: 'Café €' };
    for (const bytes of [
      Buffer.from(text, 'utf8'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]),
      iconv.encode(text, 'utf-16le'),
      iconv.encode(text, 'windows-1252'),
    ]) {
      expect(row(decodeVcardBytes(bytes))).toEqual(expected);
    }
  });
});
