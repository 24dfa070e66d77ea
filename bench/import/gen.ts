/**
 * The benchmark's contacts CSV (bench/import): `rows` rows with first / last name, a unique email,
 * a phone in mixed national and international formats (US and UK numbers), a company by name
 * (≈ rows / 10 distinct names), an owner by member email, 0–3 tags (`;`-separated, from a few), a
 * number (`Score`) and a date (`Birthday`). Deterministic for a given row count (a fixed-seed PRNG),
 * so the second run of a bench reads the same values. Streams to disk (bounded memory).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const HEADERS = ['First name', 'Last name', 'Email', 'Phone', 'Company', 'Owner', 'Tags', 'Score', 'Birthday'];

const FIRST = [
  'Ada',
  'Bob',
  'Chloe',
  'Diego',
  'Emma',
  'Farah',
  'George',
  'Hana',
  'Ivan',
  'Julia',
  'Kofi',
  'Lena',
  'Marco',
  'Nina',
  'Omar',
  'Paula',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
  'Umar',
  'Vera',
  'Wei',
  'Xenia',
  'Yusuf',
  'Zoe',
];
const LAST = [
  'Smith',
  'Garcia',
  'Müller',
  'Rossi',
  'Dubois',
  'Tanaka',
  'Kowalski',
  'Jensen',
  'Okafor',
  'Silva',
  'Novak',
  'Larsen',
  'Campbell',
  'Sato',
  'Weber',
  "O'Brien",
  'Nguyen',
  'Haddad',
  'Ivanova',
  'Becker',
];
const WORDS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
  'Cyberdyne',
  'Wonka',
  'Oceanic',
  'Aperture',
  'Monarch',
  'Gringotts',
  'Pied',
  'Piper',
  'Dunder',
  'Mifflin',
];
const SUFFIX = ['Inc', 'Ltd', 'GmbH', 'LLC', 'SA', 'Group', 'Labs', 'Partners'];
export const TAGS = ['VIP', 'Newsletter', 'Customer', 'Prospect', 'Partner', 'Imported 2026'];
const AREAS = ['212', '415', '312', '617', '206', '303', '512', '718'];

/** Mulberry32: a small deterministic PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A phone number in one of several formats (US national, US international, UK national / international). */
function phone(rnd: () => number, i: number): string {
  const area = AREAS[i % AREAS.length]!;
  const ex = String(200 + Math.floor(rnd() * 700));
  const line = String(Math.floor(rnd() * 10000)).padStart(4, '0');
  switch (i % 5) {
    case 0:
      return `(${area}) ${ex}-${line}`;
    case 1:
      return `${area}-${ex}-${line}`;
    case 2:
      return `+1 ${area} ${ex} ${line}`;
    case 3:
      return `${area}.${ex}.${line}`;
    default:
      return `+44 20 7946 0${String(i % 1000).padStart(3, '0')}`;
  }
}

/** Writes the CSV to `file`; returns its size in bytes. */
export async function writeContactsCsv(file: string, rows: number, ownerEmails: string[]): Promise<number> {
  const out = createWriteStream(file);
  const rnd = prng(rows);
  const companies = Math.max(1, Math.round(rows / 10));
  let bytes = 0;
  let buf = HEADERS.join(',') + '\n';
  for (let i = 0; i < rows; i++) {
    const first = FIRST[Math.floor(rnd() * FIRST.length)]!;
    const last = LAST[Math.floor(rnd() * LAST.length)]!;
    const email = `${first}.${last.replace(/[^A-Za-z]/g, '')}.${i}@bench-import.example`.toLowerCase();
    const c = Math.floor(rnd() * companies);
    const company = `${WORDS[c % WORDS.length]} ${WORDS[Math.floor(c / WORDS.length) % WORDS.length]} ${SUFFIX[c % SUFFIX.length]} ${c}`;
    const owner = ownerEmails[i % ownerEmails.length]!;
    const tags: string[] = [];
    for (const t of TAGS) if (rnd() < 0.25) tags.push(t);
    const score = String(Math.floor(rnd() * 100));
    const y = 1950 + Math.floor(rnd() * 50);
    const birthday = `${y}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    buf +=
      [first, last, email, phone(rnd, i), company, owner, tags.join(';'), score, birthday].map(csvCell).join(',') +
      '\n';
    if (buf.length > 1 << 20) {
      bytes += Buffer.byteLength(buf);
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  bytes += Buffer.byteLength(buf);
  out.end(buf);
  await once(out, 'finish');
  return bytes;
}
