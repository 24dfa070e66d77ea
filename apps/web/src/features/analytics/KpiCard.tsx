import { Anchor, Badge, Paper, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight, IconMinus } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { MoneyFigureWire } from './analytics-api';
import { delta, type FigureKind, formatFigure, formatTotal } from './analytics-format';
import { MoneyNote } from './MoneyNote';

/** A KPI value: a number or a money figure, now and in the previous period (`previous` null = point in time). */
export type KpiValue =
  | { kind: Exclude<FigureKind, 'money'>; current: number | null; previous: number | null }
  | { kind: 'money'; current: MoneyFigureWire | null; previous: MoneyFigureWire | null };

/**
 * One dashboard card: label, the value (a button opening the records behind it when `onOpen` is
 * given, or a link to `to`), the previous period's value and the change, green when it is good news
 * (`higherIsBetter`), red when not; "As of now" for point-in-time figures (`pointInTime`); the money note under a
 * converted total. A skeleton while `value` is undefined; "—" and `emptyHint` (why) when the
 * current value is null (a ratio, mean or median over nothing).
 */
export function KpiCard({
  label,
  value,
  higherIsBetter = true,
  pointInTime = false,
  onOpen,
  to,
  emptyHint,
}: {
  label: string;
  value: KpiValue | undefined;
  higherIsBetter?: boolean;
  /** Why the value can be undefined, shown under "—" (e.g. "No deals won in the period"). */
  emptyHint?: string | undefined;
  /** A figure as of now (no previous period). */
  pointInTime?: boolean;
  onOpen?: () => void;
  to?: string;
}) {
  const text = !value
    ? ''
    : value.kind === 'money'
      ? formatTotal(value.current)
      : formatFigure(value.current, value.kind);
  const change = !value
    ? null
    : value.kind === 'money'
      ? delta(value.current?.total.amount, value.previous?.total.amount, 'money', value.current?.total.currency)
      : delta(value.current, value.previous, value.kind);
  const previousText =
    value?.previous === null || value?.previous === undefined
      ? null
      : value.kind === 'money'
        ? formatTotal(value.previous as MoneyFigureWire)
        : formatFigure(value.previous as number, value.kind);
  const good = change && change.direction !== 'flat' ? (change.direction === 'up') === higherIsBetter : null;
  const Arrow =
    change?.direction === 'up' ? IconArrowUpRight : change?.direction === 'down' ? IconArrowDownRight : IconMinus;
  const big = (
    <Text fz={26} fw={700} lh={1.15} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="kpi-value">
      {text}
    </Text>
  );
  return (
    <Paper withBorder radius="md" p="md" role="listitem" aria-label={label}>
      <Stack gap={6}>
        <Text size="xs" c="dimmed" fw={700} tt="uppercase">
          {label}
        </Text>
        {!value ? (
          <Skeleton h={30} w={90} />
        ) : onOpen ? (
          <UnstyledButton onClick={onOpen} aria-label={`${label}: ${text}. Show the records`} title="Show the records">
            {big}
          </UnstyledButton>
        ) : to ? (
          <Anchor component={Link} to={to} underline="never" c="inherit" aria-label={`${label}: ${text}. Open`}>
            {big}
          </Anchor>
        ) : (
          big
        )}
        {value?.current === null && emptyHint && (
          <Text size="xs" c="dimmed" data-testid="kpi-empty">
            {emptyHint}
          </Text>
        )}
        {value &&
          (pointInTime ? (
            <Text size="xs" c="dimmed">
              As of now
            </Text>
          ) : (
            <Stack gap={4} align="flex-start">
              {change && (
                <Badge
                  variant="light"
                  color={good === null ? 'gray' : good ? 'teal' : 'red'}
                  leftSection={<Arrow size={12} />}
                  data-testid="kpi-delta"
                  data-tone={good === null ? 'neutral' : good ? 'good' : 'bad'}
                  style={{ textTransform: 'none', maxWidth: 'none' }}
                >
                  {change.text}
                </Badge>
              )}
              <Text size="xs" c="dimmed">
                Previous period: {previousText ?? '—'}
              </Text>
            </Stack>
          ))}
        {value?.kind === 'money' && value.current && <MoneyNote figures={[value.current]} />}
      </Stack>
    </Paper>
  );
}
