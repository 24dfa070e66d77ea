import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { Scope } from './roles.js';

/** An organisation API key, acting as the member who created it, limited to its scopes. */
export const ApiKey = z.object({
  id: Id,
  name: z.string(),
  scopes: z.array(Scope),
  /** The first characters of the key, to recognise it in a list. */
  prefix: z.string(),
  created_by: z.object({ id: Id, name: z.string() }).nullable(),
  created_at: Timestamp,
  last_used_at: Timestamp.nullable(),
  expires_at: Timestamp.nullable(),
  revoked_at: Timestamp.nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

/** `POST /api/v1/api-keys`: scopes must not exceed what the caller's role allows. */
export const CreateApiKeyBody = z.strictObject({
  name: z.string().trim().min(1, { error: 'is required' }).max(80),
  scopes: z.array(Scope).min(1, { error: 'choose at least one scope' }).max(3),
  expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>;

/** The created key including the secret `key`, returned exactly once (only a hash is stored). */
export const CreatedApiKey = ApiKey.extend({ key: z.string() });

export const ApiKeyListQuery = z.strictObject({
  include_revoked: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});
