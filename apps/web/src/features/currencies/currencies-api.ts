/**
 * Settings → Currencies (`/api/v1/currencies`): the reporting currency, the rate table (1 unit of a
 * currency = `rate` units of the reporting currency from `valid_from`, a UTC day) and the currencies
 * deals and leads use. Writes (admins) refresh the settings and every analytics query.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateCurrencyRateBody,
  CurrencyRate,
  CurrencySettings,
  UpdateCurrencyRateBody,
  Wire,
} from '@relata/shared';
import type { z } from 'zod';
import { api, ifMatch } from '../../components/api';

export type CurrencySettingsWire = Wire<typeof CurrencySettings>;
export type CurrencyRateWire = Wire<typeof CurrencyRate>;

export const CURRENCIES_KEY = ['currencies'] as const;

/** `GET /api/v1/currencies`. */
export function useCurrencySettings() {
  return useQuery({
    queryKey: CURRENCIES_KEY,
    queryFn: () => api<CurrencySettingsWire>('/api/v1/currencies'),
  });
}

function useCurrencyMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: CURRENCIES_KEY }),
        // Converted totals depend on the rates.
        qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'analytics' }),
      ]),
  });
}

/** `PUT /api/v1/currencies/reporting {currency, clear_rates}` (409 `rates_exist` while rates exist without `clear_rates`). */
export function useSetReportingCurrency() {
  return useCurrencyMutation((body: { currency: string; clear_rates: boolean }) =>
    api<CurrencySettingsWire>('/api/v1/currencies/reporting', { method: 'PUT', body }),
  );
}

/** `POST /api/v1/currencies/rates`. */
export function useCreateRate() {
  return useCurrencyMutation((body: z.input<typeof CreateCurrencyRateBody>) =>
    api<CurrencyRateWire>('/api/v1/currencies/rates', { method: 'POST', body }),
  );
}

/** `PATCH /api/v1/currencies/rates/{id}` with `If-Match` (412 when someone changed it meanwhile). */
export function useUpdateRate() {
  return useCurrencyMutation(
    ({ id, version, ...body }: z.input<typeof UpdateCurrencyRateBody> & { id: string; version: number }) =>
      api<CurrencyRateWire>(`/api/v1/currencies/rates/${id}`, { method: 'PATCH', body, headers: ifMatch(version) }),
  );
}

/** `DELETE /api/v1/currencies/rates/{id}`. */
export function useDeleteRate() {
  return useCurrencyMutation((id: string) => api<void>(`/api/v1/currencies/rates/${id}`, { method: 'DELETE' }));
}
