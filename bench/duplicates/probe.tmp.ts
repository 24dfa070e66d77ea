import { readFile } from 'node:fs/promises';
import { openDatabase } from '@relata/api/src/db/client.js';
import { withTenant } from '@relata/api/src/db/tenant.js';
import { findDuplicatesOf } from '@relata/api/src/modules/duplicates/duplicates.match.js';
import { listDuplicates } from '@relata/api/src/modules/duplicates/duplicates.service.js';
const { url, seed } = JSON.parse(await readFile('/work/main/bench/.tmp/export-state.json', 'utf8'));
const database = await openDatabase({ url });
const orgId = seed.orgId;
const owner = seed.owner;
const actor = { orgId, userId: owner.userId, membershipId: owner.membershipId, role: 'owner', visibility: 'shared', region: 'US' } as const;
const what = process.argv[2] ?? 'all';
const { rows: cs } = await database.query<any>(`select full_name as name, email, phone, (select name from companies co where co.org_id=c.org_id and co.id=c.company_id) as company_name from contacts c where org_id=$1 and deleted_at is null order by id desc limit 1000`, [orgId]);
const { rows: cos } = await database.query<any>(`select name, domain from companies where org_id=$1 and deleted_at is null order by id desc limit 1000`, [orgId]);
for (const type of ['contacts', 'companies'] as const) {
  if (what !== 'all' && what !== type) continue;
  const t = performance.now();
  const r = await withTenant(database.db, { orgId, userId: owner.userId }, (tx) => findDuplicatesOf(tx, { orgId, type, candidates: type === 'contacts' ? cs : cos, actor }));
  console.log('findDuplicatesOf', type, (performance.now() - t).toFixed(0), 'ms; with matches', r.filter((x) => x.length).length);
}
for (const type of ['contacts', 'companies'] as const) {
  if (what !== 'all' && what !== 'finder-' + type) continue;
  const t = performance.now();
  const r = await withTenant(database.db, { orgId, userId: owner.userId }, (tx) => listDuplicates(tx, { actor, query: { type, limit: 20 } as any }));
  console.log('finder', type, (performance.now() - t).toFixed(0), 'ms; groups', r.data.length, r.data[0]?.score);
}
await database.close();
