/**
 * The deal form's values and their mapping to `CreateDealBody` / `UpdateDealBody`. The amount is
 * typed in major units and sent in minor units; the body is checked with the shared contract.
 */
import { CreateDealBody, type DealPriority, type DealType } from '@relata/shared';
import type { FormErrors } from '@mantine/form';
import { contractResolver } from '../../components/forms';
import {
  customFieldErrors,
  customFieldsBody,
  customFormValues,
  type CustomFormValues,
  DEFAULT_CURRENCY,
} from '../../components/records/custom-values';
import { toMajor, toMinor } from '../../components/records/money';
import { OWNER_ME, OWNER_NONE } from '../../components/records/OwnerSelect';
import type { CustomFieldWire } from '../../components/records/types';
import type { DealWire } from './deals-api';

export interface DealFormValues {
  name: string;
  company_id: string | null;
  contact_ids: string[];
  primary_contact_id: string | null;
  pipeline_id: string | null;
  stage_id: string | null;
  amount: number | string;
  currency: string;
  expected_close_date: string | null;
  type: DealType | null;
  priority: DealPriority | null;
  owner_id: string;
  tag_ids: string[];
  custom_fields: CustomFormValues;
}

export const DEAL_FIELDS = [
  'name',
  'company_id',
  'contact_ids',
  'primary_contact_id',
  'pipeline_id',
  'stage_id',
  'expected_close_date',
  'type',
  'priority',
  'owner_id',
  'tag_ids',
] as const;
export const DEAL_ALIASES = { 'amount.currency': 'currency', amount: 'amount' };

export function dealFormValues(
  defs: CustomFieldWire[],
  deal?: DealWire,
  start?: { pipelineId: string | null; stageId: string | null },
): DealFormValues {
  return {
    name: deal?.name ?? '',
    company_id: deal?.company_id ?? null,
    contact_ids: deal?.contacts.map((c) => c.id) ?? [],
    primary_contact_id: deal?.contacts.find((c) => c.is_primary)?.id ?? null,
    pipeline_id: deal?.pipeline_id ?? start?.pipelineId ?? null,
    stage_id: deal?.stage_id ?? start?.stageId ?? null,
    amount: deal && deal.amount.amount > 0 ? toMajor(deal.amount.amount, deal.amount.currency) : '',
    currency: deal?.amount.currency ?? DEFAULT_CURRENCY,
    expected_close_date: deal?.expected_close_date ?? null,
    type: deal?.type ?? null,
    priority: deal?.priority ?? null,
    owner_id: deal ? (deal.owner_id ?? OWNER_NONE) : OWNER_ME,
    tag_ids: deal?.tags.map((t) => t.id) ?? [],
    custom_fields: customFormValues(defs, deal?.custom_fields),
  };
}

/** The request body (`editing`: pipeline and stage are left out — the stage path moves a deal). */
export function dealBody(
  v: DealFormValues,
  defs: CustomFieldWire[],
  stored?: Record<string, unknown>,
  editing = false,
) {
  const currency = v.currency.trim().toUpperCase() || DEFAULT_CURRENCY;
  const body: Record<string, unknown> = {
    name: v.name,
    company_id: v.company_id,
    contact_ids: v.contact_ids,
    primary_contact_id:
      v.primary_contact_id && v.contact_ids.includes(v.primary_contact_id) ? v.primary_contact_id : null,
    amount: { amount: v.amount === '' ? 0 : toMinor(Number(v.amount), currency), currency },
    expected_close_date: v.expected_close_date || null,
    type: v.type,
    priority: v.priority,
    tag_ids: v.tag_ids,
    custom_fields: customFieldsBody(defs, v.custom_fields, stored),
  };
  if (!editing) {
    if (v.pipeline_id) body.pipeline_id = v.pipeline_id;
    if (v.stage_id) body.stage_id = v.stage_id;
  }
  if (v.owner_id !== OWNER_ME) body.owner_id = v.owner_id === OWNER_NONE ? null : v.owner_id;
  return body;
}

const checkBody = contractResolver<Record<string, unknown>>(CreateDealBody);

export function validateDeal(v: DealFormValues, defs: CustomFieldWire[]): FormErrors {
  const raw = checkBody(dealBody(v, defs));
  const errors: FormErrors = {};
  for (const [path, msg] of Object.entries(raw)) {
    if (path.startsWith('custom_fields')) continue;
    const alias = Object.entries(DEAL_ALIASES).find(([from]) => path === from || path.startsWith(`${from}.`));
    errors[alias ? alias[1] : path] = msg;
  }
  return { ...errors, ...customFieldErrors(defs, v.custom_fields) };
}
