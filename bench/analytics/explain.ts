/**
 * EXPLAIN (ANALYZE, BUFFERS) of a scenario's slowest statement, run as the API runs it: the
 * statements before it are replayed first (BEGIN, `relata_begin_api_key(…)` — which sets the role
 * `relata_app` and the tenant settings, so RLS applies — and any earlier statement of the request),
 * then the plan, then ROLLBACK.
 */
import type pg from 'pg';
import type { Row } from '../lib/compare.js';

/** Index of the statement with the highest mean replay time. */
export function slowestStatement(r: Row): number {
  let best = 0;
  r.perStatement.forEach((t, i) => {
    if (t > (r.perStatement[best] ?? 0)) best = i;
  });
  return best;
}

/** Returns the plan text of `r`'s slowest statement (with its text and parameters first). */
export async function explainSlowest(client: pg.Client, r: Row): Promise<string> {
  const idx = slowestStatement(r);
  const target = r.statements[idx]!;
  try {
    for (let i = 0; i < idx; i++) {
      const st = r.statements[i]!;
      await client.query({ text: st.text, values: st.params });
    }
    const plan = await client.query<Record<string, string>>({
      text: `EXPLAIN (ANALYZE, BUFFERS) ${target.text}`,
      values: target.params,
    });
    const lines = plan.rows.map((x) => Object.values(x)[0]).join('\n');
    return (
      `── ${r.scenario}: statement ${idx + 1} of ${r.statements.length}, ` +
      `${(r.perStatement[idx] ?? 0).toFixed(1)} ms mean in the replay\n${target.text.trim()}\n` +
      `params: ${JSON.stringify(target.params).slice(0, 600)}\n${lines}`
    );
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}
