import { randomBytes } from 'node:crypto';
import type { Database } from '../db/client.js';

/**
 * The secret that signs session cookies: `RELATA_SECRET` when set, otherwise one generated on first
 * start and kept in `system_settings` (so every instance on the same database shares it).
 */
export async function loadAuthSecret(database: Database, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await database.query(
    `INSERT INTO system_settings (key, value) VALUES ('auth_secret', $1) ON CONFLICT (key) DO NOTHING`,
    [randomBytes(32).toString('base64url')],
  );
  const { rows } = await database.query<{ value: string }>(
    `SELECT value FROM system_settings WHERE key = 'auth_secret'`,
  );
  return rows[0]!.value;
}
