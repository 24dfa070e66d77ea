/**
 * bench/segments/explain — EXPLAIN (ANALYZE, BUFFERS) of the count statement of the live segment
 * preview (the bench's criteria) on the kept database, inside the API's own transaction prelude.
 *
 *   npx tsx segments/explain.ts [--exact] [--set 'max_parallel_workers_per_gather = 0' …]
 *   (state file: RELATA_BENCH_STATE or bench/.tmp/segments-state.json; INDUSTRY=… for the condition's value)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { withCaptureServer } from '../lib/compare.js';

const { values } = parseArgs({
  options: { exact: { type: 'boolean', default: false }, set: { type: 'string', multiple: true } },
});
const stateFile =
  process.env.RELATA_BENCH_STATE ??
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.tmp', 'segments-state.json');
const { url, seed } = JSON.parse(await readFile(stateFile, 'utf8')) as { url: string; seed: { apiKey: string } };
const criteria = {
  match: 'and',
  conditions: [
    { field: 'company.industry', operator: 'equals', value: process.env.INDUSTRY ?? 'Consulting' },
    { field: 'created_at', operator: 'last_n_days', value: 365 },
    { field: 'email', operator: 'is_not_empty' },
  ],
};
await withCaptureServer({ url, apiKey: seed.apiKey, name: 'bench-segments-explain' }, async (api, client) => {
  const body = { entity: 'contacts', criteria, limit: 20, exact_count: values.exact };
  for (let i = 0; i < 3; i++) await api.send('POST', '/api/v1/segments/preview', body);
  await api.captured();
  const r = await api.send('POST', '/api/v1/segments/preview', body);
  console.log(`API ${r.ms.toFixed(1)} ms, status ${r.status}`);
  const { statements } = await api.captured();
  for (const st of statements) {
    if (st.text.startsWith('select count(*)')) {
      console.log(st.text);
      for (const setting of values.set ?? []) await client.query(`set local ${setting}`);
      const plan = await client.query({ text: `explain (analyze, buffers) ${st.text}`, values: st.params });
      console.log(plan.rows.map((x: Record<string, string>) => Object.values(x)[0]).join('\n'));
    } else await client.query({ text: st.text, values: st.params });
  }
});
