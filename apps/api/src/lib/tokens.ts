/**
 * Opaque secrets that carry the id of the organisation they belong to, so the server can open the
 * right tenant transaction (RLS) before looking the secret up: `<prefix>_<org>_<secret>` where
 * `<org>` is the organisation UUID in base64url (22 chars) and `<secret>` 32 random bytes in
 * base64url (43 chars). Only SHA-256 hashes of whole tokens are stored.
 */
import { createHash, randomBytes } from 'node:crypto';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function uuidToB64(uuid: string): string {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url');
}

function b64ToUuid(s: string): string | null {
  if (!/^[A-Za-z0-9_-]{22}$/.test(s)) return null;
  const hex = Buffer.from(s, 'base64url').toString('hex');
  if (hex.length !== 32) return null;
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return UUID_RE.test(uuid) ? uuid : null;
}

/** Makes a new token for `orgId`. `prefix` names the kind (`rk` API key, `ri` invitation). */
export function issueOrgToken(prefix: string, orgId: string): string {
  return `${prefix}_${uuidToB64(orgId)}_${randomBytes(32).toString('base64url')}`;
}

/** Reads the organisation id out of a token of kind `prefix`; null when the format is wrong. */
export function orgOfToken(prefix: string, token: string): string | null {
  const parts = token.split('_');
  // base64url may itself contain "_": the org part is exactly 22 chars after the prefix.
  if (parts[0] !== prefix || !token.startsWith(`${prefix}_`)) return null;
  const rest = token.slice(prefix.length + 1);
  if (rest.length !== 22 + 1 + 43 || rest[22] !== '_') return null;
  if (!/^[A-Za-z0-9_-]{43}$/.test(rest.slice(23))) return null;
  return b64ToUuid(rest.slice(0, 22));
}

/** SHA-256 hex of a token (tokens are 256-bit random, so a fast hash is the right tool). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
