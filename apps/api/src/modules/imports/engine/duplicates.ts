/**
 * Duplicate warnings of a dry run (issue 6): the contacts and companies rows a dry run would create
 * are checked against existing records with the duplicate finder (duplicates.match.ts
 * `findDuplicatesOf`, one call per chunk), and each row with a likely duplicate gets a warning
 * `Likely duplicate of <name> (<reasons>)`, best match first (at most 3 named). Only records the
 * importing member may see are named.
 *
 * Cap: the finder is costly on large organisations, so only the first
 * {@link DUPLICATE_CHECK_ROWS} to-be-created rows of an import are checked; the rest of the dry run
 * goes without the check. Rows failing on an exact unique value (email, domain) are reported by the
 * chunk itself, not here; the run does not check.
 */
import type { Tx } from '../../../db/client.js';
import { findDuplicatesOf } from '../../duplicates/duplicates.match.js';
import type { RunContext } from './context.js';
import { addIssue, type ParsedRow } from './parse.js';

/** Rows of one import checked for duplicates in its dry run. */
export const DUPLICATE_CHECK_ROWS = 2_000;

/** Rows checked so far, per import run context (the context lives for one job). */
const checked = new WeakMap<RunContext, number>();

/** Adds the duplicate warnings of the rows `creates` of a dry run (see the module comment). */
export async function warnDuplicates(
  tx: Tx,
  ctx: RunContext,
  creates: Array<{ row: ParsedRow; cols: Record<string, unknown> }>,
): Promise<void> {
  if (!ctx.dryRun || (ctx.entity !== 'contacts' && ctx.entity !== 'companies')) return;
  const done = checked.get(ctx) ?? 0;
  const batch = creates.slice(0, Math.max(0, DUPLICATE_CHECK_ROWS - done));
  if (!batch.length) return;
  checked.set(ctx, done + batch.length);
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const candidates = batch.map(({ row, cols }) =>
    ctx.entity === 'contacts'
      ? {
          email: str(cols.email),
          phone: str(cols.phone) ?? str(cols.mobile),
          name: [cols.first_name, cols.last_name].filter((x) => str(x)).join(' ') || null,
          company_name: str(row.values.company),
        }
      : { name: str(cols.name), domain: str(cols.domain) },
  );
  const matches = await findDuplicatesOf(tx, {
    orgId: ctx.orgId,
    type: ctx.entity,
    candidates,
    actor: { orgId: ctx.orgId, ...ctx.actor },
  });
  batch.forEach(({ row }, i) => {
    const found = matches[i] ?? [];
    if (!found.length) return;
    const named = found
      .slice(0, 3)
      .map((m) => `${m.name} (${m.reasons.join(', ')})`)
      .join('; ');
    addIssue(row, null, `Likely duplicate of ${named}`, 'warning');
  });
}
