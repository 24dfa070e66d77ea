import type { LeadPriority, LeadStatus, Rating } from '@relata/shared';

export const PRIORITY_LABELS: Record<LeadPriority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  urgent: 'Urgent',
};
export const PRIORITY_COLORS: Record<LeadPriority, string> = {
  low: 'gray',
  medium: 'blue',
  high: 'orange',
  urgent: 'red',
};

export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = { open: 'Open', converted: 'Converted', lost: 'Lost' };
export const LEAD_STATUS_COLORS: Record<LeadStatus, string> = { open: 'blue', converted: 'teal', lost: 'red' };

export const RATING_LABELS: Record<Rating, string> = { cold: 'Cold', warm: 'Warm', hot: 'Hot' };
export const RATING_COLORS: Record<Rating, string> = { cold: 'cyan', warm: 'yellow', hot: 'red' };
