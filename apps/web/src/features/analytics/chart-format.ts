/** Axis and tooltip formats of the analytics charts (values in major units of the reporting currency). */
import '@mantine/charts/styles.css';

/** "$12K" on an axis, "$12,345.67" in a tooltip, for major units of `currency`. */
export function moneyFormatter(currency: string, compact = false): (v: number) => string {
  try {
    const fmt = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    });
    return (v) => fmt.format(v);
  } catch {
    return (v) => `${v} ${currency}`;
  }
}

/** The payload row of a clicked recharts bar (`onClick(data)` passes the bar item with its `payload`). */
export function clickedRow<T>(data: unknown): T | undefined {
  return (data as { payload?: T } | undefined)?.payload;
}
