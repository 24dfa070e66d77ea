/** The pipeline a funnel or distribution reads: the one asked for, else the default deals pipeline. */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { notFound } from '../../lib/errors.js';

export interface PipelineRef {
  id: string;
  name: string;
  kind: 'lead' | 'deal';
}

/** `pipelineId` of the organisation, or its default deals pipeline; 404 Pipeline when none. */
export async function reportPipeline(
  tx: Tx,
  params: { orgId: string; pipelineId: string | null },
): Promise<PipelineRef> {
  const [row] = await queryRows<{ id: string; name: string; kind: string }>(
    tx,
    sql`select id, name, kind from pipelines where org_id = ${params.orgId}::uuid and ${
      params.pipelineId ? sql`id = ${params.pipelineId}::uuid` : sql`kind = 'deals' and is_default`
    }`,
  );
  if (!row) throw notFound('Pipeline');
  return { id: row.id, name: row.name, kind: row.kind === 'leads' ? 'lead' : 'deal' };
}
