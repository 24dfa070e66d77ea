import { Text, type TextProps } from '@mantine/core';
import { formatMoney } from './money';

/** An amount of money (minor units + currency) formatted for the browser's locale, tabular digits. */
export function MoneyText({
  value,
  ...props
}: { value: { amount: number; currency: string } | null | undefined } & TextProps) {
  return (
    <Text span size="sm" style={{ fontVariantNumeric: 'tabular-nums' }} {...props}>
      {formatMoney(value)}
    </Text>
  );
}
