/** Wire-shaped leads, deals and pipelines for component tests. */
import type { DealWire } from '../features/deals/deals-api';
import type { LeadWire } from '../features/leads/leads-api';
import type { PipelineWire } from '../components/board';

const id = (prefix: string, n: number) =>
  `01900000-0000-7000-8000-${prefix}${String(n).padStart(12 - prefix.length, '0')}`;
const T = '2026-01-05T10:00:00.000Z';

/** A pipeline of `kind` with stages named `names` (the last two won and lost). */
export function pipeline(
  n: number,
  kind: 'leads' | 'deals',
  name: string,
  names: string[],
  isDefault = true,
): PipelineWire {
  const pid = id('a', n);
  return {
    id: pid,
    kind,
    name,
    is_default: isDefault,
    stages: names.map((s, i) => ({
      id: id(`b${n}`, i + 1),
      pipeline_id: pid,
      name: s,
      position: i,
      color: '#228be6',
      probability: Math.min(100, i * 20),
      kind: i === names.length - 2 ? ('won' as const) : i === names.length - 1 ? ('lost' as const) : ('open' as const),
      record_count: 0,
      version: 1,
    })),
    created_at: T,
    updated_at: T,
    version: 1,
  };
}

export function lead(n: number, title: string, p: PipelineWire, extra: Partial<LeadWire> = {}): LeadWire {
  const stage = p.stages[0]!;
  return {
    id: id('c', n),
    title,
    company_name: null,
    tax_id: null,
    email: null,
    phones: [],
    segment: null,
    source: null,
    priority: null,
    rating: null,
    score: null,
    expected_revenue: null,
    probability: null,
    effective_probability: stage.probability,
    external_id: null,
    location: null,
    next_follow_up_at: null,
    notes: null,
    status: 'open',
    lost_reason: null,
    lost_at: null,
    converted_at: null,
    converted_company: null,
    converted_deal_id: null,
    pipeline_id: p.id,
    stage_id: stage.id,
    stage: { id: stage.id, name: stage.name, kind: stage.kind, probability: stage.probability },
    stage_entered_at: T,
    days_in_stage: 2,
    position: 'a0',
    contacts: [],
    owner_id: null,
    owner: null,
    tags: [],
    custom_fields: {},
    created_at: T,
    updated_at: T,
    deleted_at: null,
    purge_at: null,
    version: 3,
    ...extra,
  };
}

export function deal(n: number, name: string, p: PipelineWire, extra: Partial<DealWire> = {}): DealWire {
  const stage = p.stages[0]!;
  return {
    id: id('d', n),
    name,
    company_id: null,
    company: null,
    contacts: [],
    pipeline_id: p.id,
    pipeline: { id: p.id, name: p.name },
    stage_id: stage.id,
    stage: { id: stage.id, name: stage.name, kind: stage.kind },
    position: 'a0',
    stage_entered_at: T,
    days_in_stage: 1,
    amount: { amount: 500000, currency: 'EUR' },
    probability: stage.probability,
    probability_override: null,
    expected_close_date: null,
    status: 'open',
    type: null,
    priority: null,
    owner_id: null,
    owner: null,
    lost_reason: null,
    won_reason: null,
    won_at: null,
    closed_at: null,
    source_lead_id: null,
    tags: [],
    custom_fields: {},
    created_at: T,
    updated_at: T,
    deleted_at: null,
    purge_at: null,
    version: 4,
    ...extra,
  };
}
