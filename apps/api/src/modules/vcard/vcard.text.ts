/**
 * Text helpers of the vCard reader: quoted-printable and file-byte decoding, splitting structured
 * values at unescaped separators, and unescaping text values.
 */
import iconv from 'iconv-lite';

const validUtf8 = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** Decodes quoted-printable `=XX` runs as bytes in `charset` (literal text is kept as it is). */
export function decodeQuotedPrintable(value: string, charset: string | undefined): string {
  return value.replace(/(?:=[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/=/g, ''), 'hex');
    const cs = charset && iconv.encodingExists(charset) ? charset : validUtf8(bytes) ? 'utf-8' : 'windows-1252';
    return iconv.decode(bytes, cs);
  });
}

/** Splits a value at `sep` characters that are not backslash-escaped (escapes are kept). */
export function splitEscaped(value: string, sep: ';' | ','): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') i++;
    else if (c === sep) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out;
}

/**
 * Unescapes a text value (RFC 6350 §3.4, RFC 2426 §4): `\n` `\N` → newline, `\\` `\,` `\;` and
 * Apple's `\:` → the character; any other backslash stays. Line breaks become `\n`.
 */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\,;:nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c)).replace(/\r\n?/g, '\n');
}

/**
 * The text of a .vcf file's bytes: a BOM decides (UTF-8, UTF-16LE/BE); otherwise UTF-16 is
 * recognised by its NUL bytes, UTF-8 is used when valid (RFC 6350 §3.1 makes it the default), and
 * Windows-1252 (a superset of ISO-8859-1's printable characters) when not.
 */
export function decodeVcardBytes(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return iconv.decode(buf.subarray(3), 'utf-8');
  if (buf[0] === 0xff && buf[1] === 0xfe) return iconv.decode(buf.subarray(2), 'utf-16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return iconv.decode(buf.subarray(2), 'utf-16be');
  if (buf.length >= 2 && buf[0] !== 0 && buf[1] === 0) return iconv.decode(buf, 'utf-16le');
  if (buf.length >= 2 && buf[0] === 0 && buf[1] !== 0) return iconv.decode(buf, 'utf-16be');
  return iconv.decode(buf, validUtf8(buf) ? 'utf-8' : 'windows-1252');
}
