/**
 * The pipelines every organisation starts with (issue "Leads, deals, pipelines"): a default lead
 * pipeline New → Contacted → Meeting → Negotiation → Qualified [won] / Disqualified [lost], and a
 * default deal pipeline Qualification 10 % → Needs analysis 25 % → Proposal 50 % → Negotiation 80 %
 * → Won 100 % / Lost 0 %.
 */
import { uuidv7 } from '../../lib/ids.js';
import type { Tx } from '../../db/client.js';
import { pipelines, stages } from '../../db/schema/index.js';

export interface DefaultStage {
  name: string;
  probability: number;
  kind: 'open' | 'won' | 'lost';
  color: string;
}

export const DEFAULT_LEAD_STAGES: DefaultStage[] = [
  { name: 'New', probability: 10, kind: 'open', color: '#228be6' },
  { name: 'Contacted', probability: 20, kind: 'open', color: '#15aabf' },
  { name: 'Meeting', probability: 40, kind: 'open', color: '#7950f2' },
  { name: 'Negotiation', probability: 60, kind: 'open', color: '#fab005' },
  { name: 'Qualified', probability: 100, kind: 'won', color: '#40c057' },
  { name: 'Disqualified', probability: 0, kind: 'lost', color: '#fa5252' },
];

export const DEFAULT_DEAL_STAGES: DefaultStage[] = [
  { name: 'Qualification', probability: 10, kind: 'open', color: '#228be6' },
  { name: 'Needs analysis', probability: 25, kind: 'open', color: '#15aabf' },
  { name: 'Proposal', probability: 50, kind: 'open', color: '#7950f2' },
  { name: 'Negotiation', probability: 80, kind: 'open', color: '#fab005' },
  { name: 'Won', probability: 100, kind: 'won', color: '#40c057' },
  { name: 'Lost', probability: 0, kind: 'lost', color: '#fa5252' },
];

export interface CreatedPipeline {
  id: string;
  stages: Array<{ id: string; name: string; kind: DefaultStage['kind']; probability: number }>;
}

/** Creates one pipeline with its stages (positions 0…n-1) in the caller's transaction. */
export async function insertPipeline(
  tx: Tx,
  params: { orgId: string; kind: 'leads' | 'deals'; name: string; isDefault: boolean; stages: DefaultStage[] },
): Promise<CreatedPipeline> {
  const id = uuidv7();
  await tx.insert(pipelines).values({
    org_id: params.orgId,
    id,
    kind: params.kind,
    name: params.name,
    is_default: params.isDefault,
  });
  const rows = params.stages.map((s, position) => ({
    org_id: params.orgId,
    id: uuidv7(),
    pipeline_id: id,
    position,
    ...s,
  }));
  await tx.insert(stages).values(rows);
  return { id, stages: rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, probability: r.probability })) };
}

/** Gives a new organisation its default lead and deal pipelines (in the caller's transaction). */
export async function createDefaultPipelines(tx: Tx, params: { orgId: string }) {
  const leadsPipeline = await insertPipeline(tx, {
    orgId: params.orgId,
    kind: 'leads',
    name: 'Leads',
    isDefault: true,
    stages: DEFAULT_LEAD_STAGES,
  });
  const dealsPipeline = await insertPipeline(tx, {
    orgId: params.orgId,
    kind: 'deals',
    name: 'Sales',
    isDefault: true,
    stages: DEFAULT_DEAL_STAGES,
  });
  return { leads: leadsPipeline, deals: dealsPipeline };
}
