/**
 * vCard text → cards of properties (the content-line layer of vCard 2.1, RFC 2426 (3.0) and
 * RFC 6350 (4.0)); `vcard.parse.ts` maps the properties to contact fields.
 *
 * What it accepts (each rule from the standards or from a real writer in ../shared/testdata/vcard):
 * - Line breaks CRLF, LF, CR and the CR CR LF of iPhone exports; a BOM; several cards per file; text
 *   outside cards ignored; a card nested in a card (2.1 AGENT) skipped; a card missing END kept.
 * - Folding (RFC 6350 §3.2, RFC 2426 §2.6, 2.1 §2.1.3): a line starting with a space or tab continues
 *   the previous one; ONE whitespace character is removed, also in 2.1 files (what their writers
 *   mean in practice).
 * - QUOTED-PRINTABLE (2.1 §2.1.5, RFC 2045 §6.7), in `ENCODING=QUOTED-PRINTABLE` or bare form:
 *   `=` at the end of a line is a soft line break (the next line continues the value as is), `=XX`
 *   runs are bytes decoded with the property's `CHARSET` (any iconv-lite charset: UTF-8,
 *   ISO-8859-1, Windows-1252, …; without one, UTF-8 when the bytes are valid UTF-8, else
 *   Windows-1252).
 * - Binary values (PHOTO, LOGO, SOUND, KEY, and any `ENCODING=BASE64|B` value, including 2.1 base64
 *   bodies whose lines are not indented and end at a blank line) are dropped while reading: their
 *   text is never accumulated, so a card with a 50 MB photo costs no more memory than the file.
 * - Parameters (RFC 6350 §5): quoted values (which may hold `;`, `:` and `,`), RFC 6868 caret escapes,
 *   repeated parameters (`TYPE=WORK;TYPE=PREF`), lists (`TYPE=work,pref`, `TYPE="work,voice"`), 2.1
 *   bare values (`TEL;WORK;VOICE`, bare `QUOTED-PRINTABLE` / `BASE64` = ENCODING), `PREF=n`.
 * - Property groups (`item1.EMAIL`): the group is kept, the property read like any other.
 *
 * Values stay backslash-escaped here (splitting structured values must see the escapes): use
 * `splitEscaped` and `unescapeText` of vcard.text.ts. A logical line longer than
 * {@link MAX_LINE_CHARS} is dropped with a warning.
 */
import { decodeQuotedPrintable } from './vcard.text.js';

/** One property (content line) of a card. */
export interface VcardProperty {
  /** Lower-cased group (`item1`), or null. */
  group: string | null;
  /** Upper-cased name (`EMAIL`, `X-ABLABEL`). */
  name: string;
  /** Parameters by upper-cased name, values unquoted and caret-decoded, in order of appearance. */
  params: Map<string, string[]>;
  /** Lower-cased TYPE values from every form (`TYPE=a,b`, `TYPE=a;TYPE=b`, 2.1 bare `A`). */
  types: string[];
  /** Preference 1 (most) – 100 (least) from `PREF=n` or a `pref` type; 101 when not preferred. */
  pref: number;
  /** The value after quoted-printable/charset decoding, still backslash-escaped. */
  value: string;
}

export interface Vcard {
  /** 1-based position of the card in the file. */
  number: number;
  /** `2.1`, `3.0`, `4.0` (as written; `3.0` when the card has no VERSION). */
  version: string;
  properties: VcardProperty[];
}

export interface VcardWarning {
  /** 1-based card number (0: the file as a whole). */
  card: number;
  message: string;
}

/** Longest logical line kept (characters); longer non-binary properties are dropped with a warning. */
export const MAX_LINE_CHARS = 1_000_000;

/** Properties whose values are media or keys: never accumulated. */
const BINARY_PROPERTIES = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY']);
const ENCODINGS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT']);
const QP_HEAD = /(?:^|;)\s*(?:ENCODING\s*=\s*)?"?QUOTED-PRINTABLE"?\s*(?:;|$)/i;
const BASE64_HEAD = /(?:^|;)\s*(?:ENCODING\s*=\s*)?"?(?:BASE64|B)"?\s*(?:;|$)/i;
const NAME = /^[A-Za-z0-9-]+$/;

/** Physical lines of `text`, split at CRLF, LF, CR or CR CR LF. */
function* physicalLines(text: string): Generator<string> {
  const breaks = /\r*\n|\r/g;
  let start = 0;
  for (let m = breaks.exec(text); m; m = breaks.exec(text)) {
    yield text.slice(start, m.index);
    start = breaks.lastIndex;
  }
  if (start < text.length) yield text.slice(start);
}

interface Pending {
  chunks: string[];
  length: number;
  /** Quoted-printable: a trailing `=` joins the next physical line. */
  qp: boolean;
  /** Base64 / binary property: continuation lines are read and thrown away. */
  binary: boolean;
  tooLong: boolean;
}

/** Index of the `:` that ends a content line's name and parameters (quoted values skipped), or -1. */
function valueColon(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) return i;
  }
  return -1;
}

function startLogical(line: string): Pending {
  const colon = valueColon(line);
  const head = colon < 0 ? line : line.slice(0, colon);
  const semi = head.indexOf(';');
  const fullName = (semi < 0 ? head : head.slice(0, semi)).trim();
  const name = fullName.slice(fullName.lastIndexOf('.') + 1).toUpperCase();
  const params = semi < 0 ? '' : head.slice(semi + 1);
  const binary = BINARY_PROPERTIES.has(name) || BASE64_HEAD.test(params);
  const tooLong = !binary && line.length > MAX_LINE_CHARS;
  return {
    chunks: binary || tooLong ? [line.slice(0, colon < 0 ? Math.min(line.length, 80) : colon + 1)] : [line],
    length: line.length,
    qp: !binary && QP_HEAD.test(params),
    binary,
    tooLong,
  };
}

function append(p: Pending, text: string) {
  if (p.binary || p.tooLong) return;
  p.length += text.length;
  if (p.length > MAX_LINE_CHARS) {
    p.tooLong = true;
    p.chunks = [p.chunks[0]!.slice(0, 80)];
    return;
  }
  p.chunks.push(text);
}

const isCardMarker = (line: string) => /^\s*(BEGIN|END)\s*:\s*VCARD\s*$/i.test(line);

/**
 * Logical (unfolded) lines of `text`. Binary properties come out as `NAME;params:` without their
 * value; lines over the limit as `{ tooLong }`.
 */
function* logicalLines(text: string): Generator<{ line: string; binary: boolean; tooLong: boolean }> {
  let cur: Pending | null = null;
  const flush = () => {
    const out = cur && { line: cur.chunks.join(''), binary: cur.binary, tooLong: cur.tooLong };
    cur = null;
    return out;
  };
  for (const line of physicalLines(text)) {
    if (cur && cur.qp && cur.chunks[cur.chunks.length - 1]!.endsWith('=') && !isCardMarker(line)) {
      const last = cur.chunks.pop()!;
      cur.chunks.push(last.slice(0, -1));
      cur.length -= 1;
      append(cur, line);
      continue;
    }
    if (line === '') {
      const done = flush();
      if (done) yield done;
      continue;
    }
    const first = line.charCodeAt(0);
    if (cur && (first === 0x20 || first === 0x09)) {
      append(cur, line.slice(1));
      continue;
    }
    // 2.1 base64 bodies: lines without a colon belong to the binary value (base64 has no `:`).
    if (cur && cur.binary && !line.includes(':')) continue;
    const done = flush();
    if (done) yield done;
    cur = startLogical(line);
  }
  const done = flush();
  if (done) yield done;
}

/** Splits `s` at `sep` outside double quotes. */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') quoted = !quoted;
    else if (c === sep && !quoted) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** RFC 6868: `^n` → newline, `^'` → `"`, `^^` → `^`. */
const caretDecode = (s: string) =>
  s.replace(/\^([n'^])/g, (_, c: string) => (c === 'n' ? '\n' : c === "'" ? '"' : '^'));

const unquote = (s: string) => {
  const t = s.trim();
  return caretDecode(t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t);
};

function parseParams(tokens: string[]): Map<string, string[]> {
  const params = new Map<string, string[]>();
  const add = (key: string, values: string[]) => params.set(key, [...(params.get(key) ?? []), ...values]);
  for (const token of tokens) {
    if (!token.trim()) continue;
    const eq = token.indexOf('=');
    if (eq < 0) {
      const bare = unquote(token).toUpperCase();
      add(ENCODINGS.has(bare) ? 'ENCODING' : 'TYPE', [bare]);
      continue;
    }
    const key = token.slice(0, eq).trim().toUpperCase();
    let values = splitOutsideQuotes(token.slice(eq + 1), ',').map(unquote);
    if (key === 'TYPE') values = values.flatMap((v) => v.split(','));
    add(
      key,
      values.map((v) => v.trim()).filter((v) => v !== ''),
    );
  }
  return params;
}

function parseProperty(line: string): VcardProperty | null {
  const colon = valueColon(line);
  if (colon < 0) return null;
  const [nameToken, ...paramTokens] = splitOutsideQuotes(line.slice(0, colon), ';');
  const fullName = nameToken!.trim();
  const dot = fullName.lastIndexOf('.');
  const name = fullName.slice(dot + 1).toUpperCase();
  if (!NAME.test(name)) return null;
  const params = parseParams(paramTokens);
  const types = (params.get('TYPE') ?? []).map((t) => t.toLowerCase());
  const prefParam = Number.parseInt(params.get('PREF')?.[0] ?? '', 10);
  let pref = Number.isInteger(prefParam) && prefParam >= 1 && prefParam <= 100 ? prefParam : 101;
  if (types.includes('pref')) pref = Math.min(pref, 1);
  let value = line.slice(colon + 1);
  const encoding = params.get('ENCODING')?.[0]?.toUpperCase();
  if (encoding === 'QUOTED-PRINTABLE') value = decodeQuotedPrintable(value, params.get('CHARSET')?.[0]);
  return { group: dot > 0 ? fullName.slice(0, dot).toLowerCase() : null, name, params, types, pref, value };
}

/**
 * Reads every card of `text` (a whole .vcf file as a string; see `decodeVcardBytes` in vcard.text.ts for bytes).
 * Never throws on malformed input: what cannot be read is skipped and reported in `warnings`.
 */
export function parseVcards(text: string): { cards: Vcard[]; warnings: VcardWarning[] } {
  const cards: Vcard[] = [];
  const warnings: VcardWarning[] = [];
  let card: Vcard | null = null;
  let depth = 0;
  let count = 0;
  let malformed = 0;
  const close = () => {
    if (malformed) {
      warnings.push({ card: card!.number, message: `${malformed} unreadable line(s) ignored` });
    }
    cards.push(card!);
    card = null;
    malformed = 0;
  };
  for (const { line, binary, tooLong } of logicalLines(text.replace(/^\uFEFF/, ''))) {
    const marker = /^\s*(BEGIN|END)\s*:\s*VCARD\s*$/i.exec(line)?.[1]?.toUpperCase();
    if (marker === 'BEGIN') {
      if (depth++ === 0) card = { number: ++count, version: '3.0', properties: [] };
      continue;
    }
    if (marker === 'END') {
      if (depth > 0 && --depth === 0) close();
      continue;
    }
    if (depth !== 1 || !card || binary) continue;
    if (tooLong) {
      warnings.push({ card: count, message: `a property longer than ${MAX_LINE_CHARS} characters was skipped` });
      continue;
    }
    const prop = parseProperty(line);
    if (!prop) {
      malformed++;
      continue;
    }
    if (prop.name === 'VERSION') (card as Vcard).version = prop.value.trim();
    else (card as Vcard).properties.push(prop);
  }
  if (card) {
    warnings.push({
      card: (card as Vcard).number,
      message: 'the card has no END:VCARD line; read up to the end of the file',
    });
    close();
  }
  return { cards, warnings };
}
