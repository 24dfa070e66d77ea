/**
 * Every vCard sample of ../shared/testdata/vcard (ez-vcard: phone apps, Outlook, Gmail, Lotus Notes,
 * Mac, Evolution, BlackBerry, Thunderbird, RFC examples; vobject; ical.js — origins and licences in
 * ../shared/testdata/SOURCES.md) read through `vcardToTable`, with the names, email, phones and
 * company of each card written out per file from reading the file. Phones are checked the way the
 * import stores them: E.164 read with region US (lib/phone.ts); numbers libphonenumber rejects
 * (fictional 555 numbers, placeholder words) are expected as written, marked `raw:` — the import
 * reports those rows. The ical.js files are cross-checked against ical.js's own expected jCard.
 */
import { testdata } from '../../../test/testdata.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toE164 } from '../../lib/phone.js';
import { parseVcards } from './vcard.lines.js';
import { splitEscaped, unescapeText } from './vcard.text.js';
import { vcardToTable } from './vcard.parse.js';

const DIR = testdata('vcard');
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');

interface Person {
  first_name: string;
  last_name?: string;
  email?: string;
  phone?: string;
  mobile?: string;
  company?: string;
  department?: string;
  job_title?: string;
}

const JOHN = { first_name: 'John', last_name: 'Doe', email: 'john.doe@ibm.com', job_title: 'Money Counter' };
const SIMON: Person = {
  first_name: 'Simon',
  last_name: 'Perreault',
  email: 'simon.perreault@viagenie.ca',
  phone: '+14186569254', // tel:+1-418-656-9254;ext=102 (the extension is not part of E.164)
  mobile: '+14182626501',
  company: 'Viagenie',
};
const N = (k: number) => 'Ñ'.repeat(k);
const spaced = (k: number) => Array.from({ length: k }, () => 'Ñ').join(' ');

/** Expected people per file, in card order. */
const EXPECTED: Record<string, Person[]> = {
  'ez-vcard/John_Doe_ANDROID.vcf': [
    { first_name: 'john.doe', email: 'john.doe@company.com' }, // only EMAIL: first name from it
    { first_name: 'jane.doe', email: 'jane.doe@company.com' },
    { first_name: spaced(4), mobile: 'raw:123456789' }, // QUOTED-PRINTABLE UTF-8 N
    { first_name: spaced(11), phone: 'raw:234567', mobile: 'raw:123456' }, // QP soft line break
    {
      first_name: spaced(3),
      last_name: spaced(2),
      email: 'bob@company.com', // first of two PREF emails
      phone: 'raw:123456',
      mobile: 'raw:123456',
      company: N(12),
    },
    { first_name: N(4), email: 'henry@company.com', mobile: 'raw:55556666', company: N(44) },
  ],
  'ez-vcard/John_Doe_BLACK_BERRY.vcf': [
    { first_name: 'john', last_name: 'Doe', mobile: 'raw:+96123456789', company: 'Acme Solutions' },
  ],
  'ez-vcard/John_Doe_EVOLUTION.vcf': [
    { ...JOHN, phone: '+19055551234', mobile: '+19056661234', company: 'IBM', department: 'Accounting' },
  ],
  'ez-vcard/John_Doe_GMAIL.vcf': [{ ...JOHN, phone: '+19056661234', mobile: '+19055551234', company: 'IBM' }],
  'ez-vcard/John_Doe_IPHONE.vcf': [
    { ...JOHN, phone: '+19057771234', mobile: '+19055551234', company: 'IBM', department: 'Accounting' },
  ],
  'ez-vcard/John_Doe_LOTUS_NOTES.vcf': [
    {
      ...JOHN,
      job_title: 'Generic Accountant',
      mobile: 'raw:+1 (212) 204-34456', // one digit too many
      company: 'IBM',
      department: 'SUN',
    },
  ],
  'ez-vcard/John_Doe_MAC_ADDRESS_BOOK.vcf': [
    { ...JOHN, phone: '+19057771234', mobile: '+19055551234', company: 'IBM', department: 'Accounting' },
  ],
  'ez-vcard/John_Doe_MS_OUTLOOK.vcf': [
    { ...JOHN, email: 'john.doe@ibm.cm', phone: '+19055551234', company: 'IBM', department: 'Accounting' },
  ],
  'ez-vcard/fullcontact.vcf': [
    {
      first_name: 'FirstName',
      last_name: 'LastName',
      email: 'home@example.com',
      phone: 'raw:555-555-1112', // the work voice number
      mobile: 'raw:555-555-1113',
      company: 'Organization1',
      department: 'Department1',
      job_title: 'Title1',
    },
  ],
  'ez-vcard/gmail-list.vcf': [
    { first_name: 'Arnold', last_name: 'Smith', email: 'asmithk@gmail.com' },
    { first_name: 'Chris', last_name: 'Beatle', email: 'chrisy55d@yahoo.com' },
    { first_name: 'Doug', last_name: 'White', email: 'dwhite@gmail.com' },
  ],
  'ez-vcard/gmail-single.vcf': [
    {
      first_name: 'Greg',
      last_name: 'Dartmouth',
      email: 'gdartmouth@hotmail.com',
      phone: 'raw:555 555 2222',
      mobile: 'raw:555 555 1111',
      company: 'TheCompany',
      job_title: 'TheJobTitle',
    },
  ],
  'ez-vcard/gmail-single2.vcf': [
    {
      first_name: 'VCard',
      last_name: 'Test',
      email: 'email@example.com',
      phone: 'raw:5555551113',
      mobile: 'raw:5555551115',
      company: 'TheCompany',
      job_title: 'TheJobTitle',
    },
  ],
  'ez-vcard/issue114.vcf': [
    {
      first_name: 'Dummy',
      last_name: 'Dummy',
      email: 'dummy.dummy@dummy.com',
      phone: '+49987654321',
      mobile: 'raw:+49 1234 56789',
      company: 'Dummy GmbH',
    },
  ],
  'ez-vcard/outlook-2003.vcf': [
    {
      first_name: 'John',
      last_name: 'Doe',
      email: 'jdoe@hotmail.com',
      phone: 'raw:BusinessPhone',
      mobile: 'raw:MobilePhone',
      company: 'Company, The',
      department: 'TheDepartment',
      job_title: 'The Job Title',
    },
  ],
  'ez-vcard/outlook-2007.vcf': [
    {
      first_name: 'Michael',
      last_name: 'Angstadt',
      email: 'mike.angstadt@gmail.com',
      phone: 'raw:(111) 555-1111',
      mobile: 'raw:(111) 555-4444',
      company: 'TheCompany',
      department: 'TheDepartment',
      job_title: 'TheJobTitle',
    },
  ],
  'ez-vcard/rfc2426-example.vcf': [
    {
      first_name: 'Frank',
      last_name: 'Dawson',
      email: 'Frank_Dawson@Lotus.com',
      phone: '+19196769515',
      company: 'Lotus Development Corporation',
    },
    {
      first_name: 'Tim',
      last_name: 'Howes',
      email: 'howes@netscape.com',
      phone: '+14159373419',
      company: 'Netscape Communications Corp.',
    },
  ],
  'ez-vcard/rfc6350-example.vcf': [SIMON],
  'ez-vcard/thunderbird-MoreFunctionsForAddressBook-extension.vcf': [
    {
      first_name: 'John',
      last_name: 'Doe',
      email: 'doe.john@hotmail.com',
      phone: 'raw:555-555-1111',
      mobile: 'raw:555-555-5555',
      company: 'TheOrganization',
      department: 'TheDepartment',
      job_title: 'TheTitle',
    },
  ],
  'ical.js/escape_semicolon.vcf': [
    {
      first_name: 'First Last',
      last_name: 'NextCloud',
      email: 'home@gmx.de',
      phone: 'raw:222222',
      mobile: 'raw:205333',
      company: 'Firma',
    },
  ],
  'ical.js/vcard.vcf': [
    {
      first_name: 'John',
      last_name: 'Stevenson',
      email: 'jqpublic@xyz.example.com',
      phone: 'raw:+33-01-23-45-67',
      company: 'ABC, Inc.',
      department: 'North American Division',
      job_title: 'Research Scientist',
    },
  ],
  'ical.js/vcard3.vcf': [
    {
      first_name: 'John',
      last_name: 'Public',
      email: 'jane_doe@abc.com', // TYPE=internet,pref
      phone: '+12135551234',
      company: 'ABC, Inc.',
      department: 'North American Division',
      job_title: 'Director, Research and Development',
    },
  ],
  'ical.js/vcard_author.vcf': [SIMON],
  'ical.js/vcard_grouped.vcf': [], // two ADRs only: skipped with a warning
  'vobject/radicale-1587.vcf': [{ first_name: 'Given', last_name: 'Family' }],
  'vobject/vcard40_full.vcf': [
    {
      first_name: 'John',
      last_name: 'Public',
      email: 'johnny@personal.example.org', // PREF=1
      phone: 'raw:+1-555-555-5555',
      mobile: 'raw:+1-555-123-4567',
      company: 'Example Corp.',
      department: 'North Division',
      job_title: 'CEO',
    },
  ],
  'vobject/vcard40_group.vcf': [], // KIND:group
  'vobject/vcard40_location.vcf': [], // KIND:location
  'vobject/vcard40_multilang.vcf': [{ first_name: 'Taro', last_name: 'Yamada' }],
  'vobject/vcard40_org.vcf': [
    {
      first_name: 'ABC Marketing', // KIND:org: the card's FN
      email: 'marketing@abc.example.com',
      phone: 'raw:+1-555-000-0000',
      company: 'ABC, Inc.',
      department: 'North American Division',
    },
  ],
  'vobject/vcard40_simple.vcf': [{ first_name: 'John', last_name: 'Doe' }],
};

const phoneOf = (raw: string) => {
  if (!raw) return undefined;
  try {
    return toE164(raw, 'US', 'phone');
  } catch {
    return `raw:${raw}`;
  }
};

/** A table row as a {@link Person}: empty cells left out, phones as the import stores them. */
function person(headers: string[], row: string[]): Person {
  const cell = (k: string) => row[headers.indexOf(k)] || undefined;
  const out: Person = { first_name: row[headers.indexOf('first_name')]! };
  for (const k of ['last_name', 'email', 'company', 'department', 'job_title'] as const) {
    const v = cell(k);
    if (v) out[k] = v;
  }
  for (const k of ['phone', 'mobile'] as const) {
    const v = phoneOf(cell(k) ?? '');
    if (v) out[k] = v;
  }
  return out;
}

describe('vCard samples', () => {
  const files = readdirSync(DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.vcf'))
    .sort();

  it('covers every .vcf file of the test data', () => {
    expect(files.length).toBe(30);
    expect(Object.keys(EXPECTED).sort()).toEqual(files);
  });

  it.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    const table = vcardToTable(read(file));
    expect(table.rows.map((r) => person(table.headers, r))).toEqual(expected);
    for (const row of table.rows) expect(row).toHaveLength(table.headers.length);
  });

  it('lists what did not fit as warnings naming the values', () => {
    const iphone = vcardToTable(read('ez-vcard/John_Doe_IPHONE.vcf'));
    expect(iphone.warnings).toEqual([
      {
        card: 1,
        message:
          '5 more phone number(s) not imported: 905-666-1234 (home, voice); 905-888-1234 (home, fax); 905-999-1234 (work, fax); 905-111-1234 (pager); 905-222-1234',
      },
    ]);
    const rfc = vcardToTable(read('ez-vcard/rfc2426-example.vcf'));
    expect(rfc.warnings).toContainEqual({
      card: 1,
      message: '1 more email address(es) not imported: fdawson@earthlink.net',
    });
    const android = vcardToTable(read('ez-vcard/John_Doe_ANDROID.vcf'));
    expect(android.warnings.filter((w) => w.card <= 2).map((w) => w.message)).toEqual([
      'the card has no name (N, FN or ORG); first_name is taken from the email address',
      'the card has no name (N, FN or ORG); first_name is taken from the email address',
    ]);
    expect(vcardToTable(read('vobject/vcard40_group.vcf')).warnings).toEqual([
      { card: 1, message: 'skipped: a group card (KIND:group) is not a person' },
    ]);
    // Photos, keys and other binary values are not "unreadable lines".
    for (const file of files) {
      expect(
        vcardToTable(read(file)).warnings.filter((w) => /unreadable/.test(w.message)),
        file,
      ).toEqual([]);
    }
  });

  it('reads tags (CATEGORIES) and the UID as external id', () => {
    const at = (file: string, key: string) => {
      const t = vcardToTable(read(file));
      return t.rows.map((r) => r[t.headers.indexOf(key)]);
    };
    expect(at('ical.js/vcard3.vcf', 'tags')).toEqual([
      'TRAVEL AGENT; INTERNET; IETF; INDUSTRY; INFORMATION TECHNOLOGY',
    ]);
    expect(at('ez-vcard/John_Doe_EVOLUTION.vcf', 'external_id')).toEqual(['477343c8e6bf375a9bac1f96a5000837']);
    expect(at('vobject/vcard40_simple.vcf', 'external_id')).toEqual(['f81d4fae-7dec-11d0-a765-00a0c91e6bf6']);
  });

  /** ical.js's expected jCard of the same files: the same properties, values and TYPE parameters. */
  it.each(['escape_semicolon', 'vcard', 'vcard3', 'vcard_author', 'vcard_grouped'])(
    'agrees with ical.js on %s',
    (name) => {
      const NAMES = ['fn', 'n', 'org', 'email', 'tel', 'title', 'categories', 'uid'];
      type JProp = [string, Record<string, string | string[]>, string, ...unknown[]];
      const jcard = JSON.parse(read(`ical.js/${name}.expected.jcard.json`)) as ['vcard', JProp[]];
      const flat = (v: unknown): string =>
        Array.isArray(v) ? v.map(flat).join(v.some(Array.isArray) ? ';' : ',') : String(v);
      const expected = jcard[1]
        .filter((p) => NAMES.includes(p[0]))
        .map((p) => {
          const values = p.slice(3);
          const value = p[0] === 'n' || p[0] === 'org' ? (values[0] as unknown[] | string) : values;
          const text =
            Array.isArray(value) && (p[0] === 'n' || p[0] === 'org')
              ? value.map((c) => (Array.isArray(c) ? c.join(',') : c)).join(';')
              : flat(value);
          const type = p[1].type;
          return { name: p[0], text, types: type === undefined ? [] : [type].flat().map((t) => t.toLowerCase()) };
        });
      const [card] = parseVcards(read(`ical.js/${name}.vcf`)).cards;
      const ours = card!.properties
        .filter((p) => NAMES.includes(p.name.toLowerCase()))
        .map((p) => ({
          name: p.name.toLowerCase(),
          text: splitEscaped(p.value, ';')
            .map((c) => splitEscaped(c, ',').map(unescapeText).join(','))
            .join(';'),
          types: p.types,
        }));
      expect(ours).toEqual(expected);
    },
  );
});
