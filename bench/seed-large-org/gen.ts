/**
 * SQL expression builders of the large-organisation seed: every generated value is a pure function
 * of a row number and a name (PostgreSQL's `hashint8extended`), written as SQL text so rows are made
 * inside the database. All inputs are our own constants or integers.
 */
import { createHash } from 'node:crypto';
import * as W from './words.js';

export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
export const arr = (xs: readonly (string | number)[], type = 'text') =>
  `(ARRAY[${xs.map((x) => (typeof x === 'number' ? String(x) : lit(x))).join(',')}]::${type}[])`;
/** Lower-case ASCII letters of a name, for e-mail local parts (`Núñez` → `nunez`, `O'Brien` → `obrien`). */
export const asciiName = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/[^a-z]/g, '');
export const ts = (ms: string) => `(timestamptz 'epoch' + (${ms}) * interval '1 millisecond')`;

export interface Plan {
  salt: string;
  orgId: string;
  nowMs: number;
  contacts: number;
  companies: number;
  memberIds: string[];
  userIds: string[];
  tagIds: string[];
}

export const SPAN_MS = 3 * 365 * 86_400_000;

/**
 * Named pseudo-random draws of a row: `hashint8extended(n, seed(name))` (PostgreSQL's 64-bit hash,
 * in PostgreSQL ≥ 11 and PGlite), so every value is a pure function of the row number `n` and a
 * name, and can be recomputed in another statement (a contact rebuilds its company's id and domain).
 */
export class Gen {
  constructor(readonly p: Plan) {}
  private seed(name: string): string {
    return String(createHash('sha256').update(`${this.p.salt}/${name}`).digest().readInt32BE(0));
  }
  /** An integer in [0, 2^28). */
  d(n: string, name: string) {
    return `(hashint8extended((${n})::bigint, ${this.seed(name)}) & 268435455)`;
  }
  /** A fraction in [0, 1). */
  u(n: string, name: string) {
    return `(${this.d(n, name)}::float8 / 268435456)`;
  }
  /** An index in [0, len). */
  idx(n: string, name: string, len: number) {
    return `(${this.d(n, name)} % ${len})::int`;
  }
  pick(xs: readonly string[], n: string, name: string) {
    return `${arr(xs)}[1 + ${this.idx(n, name, xs.length)}]`;
  }
  /** `len` decimal digits. */
  digits(n: string, name: string, len: number) {
    return `lpad(((hashint8extended((${n})::bigint, ${this.seed(name)}) & 9007199254740991) % ${10 ** len})::text, ${len}, '0')`;
  }
  /** A UUIDv7-shaped uuid: 48-bit ms timestamp, version 7, 74 hashed bits with the RFC 9562 variant. */
  v7(ms: string, n: string, name: string) {
    const a = `lpad(to_hex(hashint8extended((${n})::bigint, ${this.seed(`${name}.a`)})), 16, '0')`;
    return (
      `(lpad(to_hex(${ms}), 12, '0') || '7' || substr(${a}, 1, 3) || substr('89ab', 1 + ${this.idx(n, `${name}.v`, 4)}, 1)` +
      ` || substr(${a}, 4, 13) || lpad(to_hex(${this.d(n, `${name}.b`)} & 255), 2, '0'))::uuid`
    );
  }
  /** Row `n` of `count` is created at an even step over the last three years (ids ascend with n). */
  createdMs(n: string, count: number) {
    return `(${this.p.nowMs - SPAN_MS}::bigint + ((${n}) - 1)::bigint * ${SPAN_MS - 86_400_000} / ${count})`;
  }
  /** Last update between creation and now, mostly soon after creation. */
  updatedMs(ms: string, n: string, name: string) {
    return `(${ms} + floor((${this.p.nowMs} - ${ms}) * power(${this.u(n, name)}, 3))::bigint)`;
  }
  /** Member index 0–19 (skewed: the first ones own more; the largest ~15 %) or NULL (10 % unassigned). */
  owner(n: string, name: string) {
    return `CASE WHEN ${this.u(n, `${name}.none`)} < 0.1 THEN NULL ELSE floor(${MEMBERS} * power(${this.u(n, name)}, 1.6))::int END`;
  }
  companyId(j: string) {
    return this.v7(this.createdMs(j, this.p.companies), j, 'company.id');
  }
  contactId(i: string) {
    return this.v7(this.createdMs(i, this.p.contacts), i, 'contact.id');
  }
  companyDomain(j: string) {
    return (
      `lower(replace(${this.pick(W.COMPANY_WORDS_A, j, 'company.a')}, ' ', '')) || '-' || ` +
      `lower(${this.pick(W.COMPANY_WORDS_B, j, 'company.b')}) || '-' || (${j})::text || '.' || ${this.pick(W.TLDS, j, 'company.tld')}`
    );
  }
  /** A landline or mobile number in E.164 for the country code expression `cc` (US/GB/DE/FR/NL). */
  phone(cc: string, n: string, name: string, mobile: boolean) {
    const dg = (len: number) => this.digits(n, `${name}.digits`, len);
    const us =
      `'+1' || ${this.pick(W.US_AREA_CODES, n, `${name}.area`)} || (200 + ${this.idx(n, `${name}.exchange`, 800)})::text` +
      ` || ${this.digits(n, `${name}.line`, 4)}`;
    if (mobile) {
      return `CASE ${cc}
        WHEN 'GB' THEN '+447' || (400 + ${this.idx(n, `${name}.gb`, 600)})::text || ${dg(6)}
        WHEN 'DE' THEN '+49' || ${this.pick(DE_MOBILE, n, `${name}.de`)} || ${dg(8)}
        WHEN 'FR' THEN '+33' || (6 + ${this.idx(n, `${name}.fr`, 2)})::text || ${dg(8)}
        WHEN 'NL' THEN '+316' || ${dg(8)}
        ELSE ${us} END`;
    }
    return `CASE ${cc}
        WHEN 'GB' THEN '+4420' || ${dg(8)}
        WHEN 'DE' THEN '+4930' || ${dg(8)}
        WHEN 'FR' THEN '+331' || ${dg(8)}
        WHEN 'NL' THEN '+3120' || ${dg(7)}
        ELSE ${us} END`;
  }
}

export const MEMBERS = 20;

const DE_MOBILE = ['151', '152', '157', '160', '170', '171', '172', '175', '176', '177', '178', '179'];
