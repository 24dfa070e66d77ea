/**
 * vCard export of contacts (issue 6 "vCard"): selected contacts as one vCard 4.0 document
 * (RFC 6350, `text/vcard; charset=utf-8`). Names are prefixed `Vcard…`.
 */
import { z } from 'zod';
import { Id } from './common.js';

/** Most contacts one export may name. */
export const VCARD_EXPORT_MAX = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /api/v1/contacts/vcard?ids=<id>,<id>,…`: 1–1,000 contact ids, comma-separated (repeats
 * ignored). Note that Node's default 16 KiB limit on the request head fits about 400 ids in a URL;
 * `POST /api/v1/contacts/vcard` takes the same list in a JSON body.
 */
export const VcardExportQuery = z.strictObject({
  ids: z
    .string()
    .max(VCARD_EXPORT_MAX * 40)
    .transform((s, ctx) => {
      const ids = [...new Set(s.split(',').map((p) => p.trim().toLowerCase()))];
      const bad = ids.filter((id) => !UUID.test(id));
      if (bad.length) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a comma-separated list of contact ids (UUIDs); not a UUID: ${bad
            .slice(0, 3)
            .map((b) => JSON.stringify(b.slice(0, 40)))
            .join(', ')}`,
        });
        return z.NEVER;
      }
      if (ids.length > VCARD_EXPORT_MAX) {
        ctx.addIssue({ code: 'custom', message: `must name at most ${VCARD_EXPORT_MAX} contacts` });
        return z.NEVER;
      }
      return ids;
    })
    .meta({ examples: ['0190f1c2-7a3b-7c4d-8e5f-6a7b8c9d0e1f,0190f1c2-7a3b-7c4d-8e5f-6a7b8c9d0e20'] }),
});
export type VcardExportQuery = z.infer<typeof VcardExportQuery>;

/** `POST /api/v1/contacts/vcard`: the same export for a list too long for a URL. */
export const VcardExportBody = z.strictObject({
  ids: z.array(Id).min(1).max(VCARD_EXPORT_MAX),
});
export type VcardExportBody = z.infer<typeof VcardExportBody>;
