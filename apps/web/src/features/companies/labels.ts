import type { CompanyType, Rating } from '@relata/shared';

export const COMPANY_TYPE_LABELS: Record<CompanyType, string> = {
  prospect: 'Prospect',
  customer: 'Customer',
  partner: 'Partner',
  vendor: 'Vendor',
  competitor: 'Competitor',
};

export const COMPANY_TYPE_COLORS: Record<CompanyType, string> = {
  prospect: 'blue',
  customer: 'teal',
  partner: 'grape',
  vendor: 'orange',
  competitor: 'red',
};

export const RATING_LABELS: Record<Rating, string> = { cold: 'Cold', warm: 'Warm', hot: 'Hot' };
export const RATING_COLORS: Record<Rating, string> = { cold: 'cyan', warm: 'yellow', hot: 'red' };
