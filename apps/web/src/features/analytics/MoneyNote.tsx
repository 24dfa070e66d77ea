import { Text } from '@mantine/core';
import type { MoneyFigureWire } from './analytics-api';
import { formatByCurrency } from './analytics-format';

/**
 * What a money total is made of: "Converted to USD from EUR 1,000.00 · GBP 300.00" when another
 * currency was converted, and "No rate for JPY: left out" for currencies without a rate (the
 * figure's `missing_rates`). Nothing for a single-currency figure. `figures`: the figures shown
 * together (e.g. every row of a table), their notes merged.
 */
export function MoneyNote({
  figures,
  withAmounts = true,
}: {
  figures: Array<MoneyFigureWire | null | undefined>;
  withAmounts?: boolean;
}) {
  const present = figures.filter((f): f is MoneyFigureWire => !!f);
  if (present.length === 0) return null;
  const currency = present[0]!.total.currency;
  const converted = present.some((f) => f.total.converted);
  const missing = [...new Set(present.flatMap((f) => f.total.missing_rates))].sort();
  if (!converted && missing.length === 0) return null;
  const single = present.length === 1 ? present[0]! : null;
  return (
    <Text size="xs" c="dimmed" data-testid="money-note">
      {converted && (
        <>
          Converted to {currency}
          {withAmounts && single && single.by_currency.length > 0 && <> from {formatByCurrency(single)}</>}.{' '}
        </>
      )}
      {missing.length > 0 && (
        <Text span size="xs" c="orange.8" fw={500}>
          No rate for {missing.join(', ')}: left out of the total.
        </Text>
      )}
    </Text>
  );
}
