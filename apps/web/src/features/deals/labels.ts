import type { DealPriority, DealStatus, DealType } from '@relata/shared';

export const DEAL_STATUS_LABELS: Record<DealStatus, string> = {
  open: 'Open',
  won: 'Won',
  lost: 'Lost',
  abandoned: 'Abandoned',
};
export const DEAL_STATUS_COLORS: Record<DealStatus, string> = {
  open: 'blue',
  won: 'teal',
  lost: 'red',
  abandoned: 'gray',
};
export const DEAL_TYPE_LABELS: Record<DealType, string> = {
  new_business: 'New business',
  renewal: 'Renewal',
  upsell: 'Upsell',
};
export const DEAL_PRIORITY_LABELS: Record<DealPriority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  urgent: 'Urgent',
};
export const DEAL_PRIORITY_COLORS: Record<DealPriority, string> = {
  low: 'gray',
  medium: 'blue',
  high: 'orange',
  urgent: 'red',
};
