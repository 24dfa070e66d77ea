/**
 * bench/search/explain — prints EXPLAIN (ANALYZE, BUFFERS) of the search statement the API sends for
 * each `--q` (default: the bench's scenarios on the kept database), run inside the same transaction
 * prelude (API key, settings) the API used. Diagnostic companion of search/run.ts.
 *
 *   npx tsx search/explain.ts --q andr --q "kenneth clark"
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { withCaptureServer } from '../lib/compare.js';

const { values } = parseArgs({ options: { q: { type: 'string', multiple: true, default: ['andr'] } } });
const stateFile =
  process.env.RELATA_BENCH_STATE ??
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.tmp', 'search-state.json');
const { url, seed } = JSON.parse(await readFile(stateFile, 'utf8')) as { url: string; seed: { apiKey: string } };
await withCaptureServer({ url, apiKey: seed.apiKey, name: 'bench-search-explain' }, async (api, client) => {
  for (const q of values.q) {
    await api.captured();
    const r = await api.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
    console.log(`\n=== q=${JSON.stringify(q)}: API ${r.ms.toFixed(1)} ms, status ${r.status}`);
    const { statements } = await api.captured();
    const main = statements.reduce((a, b) => (b.ms > a.ms ? b : a));
    for (const st of statements) {
      if (st === main) {
        const plan = await client.query({ text: `explain (analyze, buffers) ${st.text}`, values: st.params });
        console.log(plan.rows.map((x: Record<string, string>) => Object.values(x)[0]).join('\n'));
      } else await client.query({ text: st.text, values: st.params });
    }
    await client.query('rollback').catch(() => {});
  }
});
