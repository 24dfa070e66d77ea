import { ActionIcon, Group, Paper, SegmentedControl, Select, Text, Tooltip } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import type { AnalyticsPeriod, ResolvedPeriod, Wire } from '@relata/shared';
import { useState } from 'react';
import { usePipelines } from '../../components/board/pipelines-query';
import { OwnerSelect } from '../../components/records/OwnerSelect';
import { useTeamOptions } from './analytics-api';
import { formatRange } from './analytics-format';
import { type AnalyticsParams, dayOf, type ParamKey, shiftDate } from './analytics-params';

const PERIODS: Array<{ value: AnalyticsPeriod; label: string }> = [
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
  { value: 'quarter', label: 'Quarter' },
  { value: 'year', label: 'Year' },
  { value: 'custom', label: 'Custom' },
];

/**
 * The period bar of the analytics pages: week / month / quarter / year / custom, previous and next
 * period, the resolved range and its comparison range (from the server's `period`), a custom date
 * range, and the owner, team and pipeline filters. Writes to the URL through `update`.
 */
export function PeriodControls({
  params,
  update,
  resolved,
  withPipeline = true,
}: {
  params: AnalyticsParams;
  update: (changes: Partial<Record<ParamKey, string | null>>) => void;
  resolved?: Wire<typeof ResolvedPeriod> | undefined;
  withPipeline?: boolean;
}) {
  const teams = useTeamOptions();
  const deals = usePipelines('deals');
  const leads = usePipelines('leads');
  const [range, setRange] = useState<[string | null, string | null]>([params.from ?? null, params.to ?? null]);
  const calendar = params.period === 'custom' ? null : params.period;
  const step = (n: number) => calendar && update({ date: shiftDate(params.date ?? dayOf(new Date()), calendar, n) });
  const pipelineData = [
    { group: 'Deal pipelines', items: (deals.data ?? []).map((p) => ({ value: p.id, label: p.name })) },
    { group: 'Lead pipelines', items: (leads.data ?? []).map((p) => ({ value: p.id, label: p.name })) },
  ].filter((g) => g.items.length > 0);

  return (
    <Paper withBorder radius="md" p="sm" mb="lg" component="section" aria-label="Period and filters">
      <Group gap="sm" justify="space-between" align="flex-end" wrap="wrap">
        <Group gap="sm" align="flex-end" wrap="nowrap">
          <SegmentedControl
            aria-label="Period"
            data={PERIODS}
            value={params.period}
            onChange={(v) => {
              if (v === 'custom') {
                const from = resolved?.from ?? dayOf(new Date());
                const to = resolved?.to ?? from;
                setRange([from, to]);
                update({ period: 'custom', from, to });
              } else update({ period: v });
            }}
          />
          {calendar ? (
            <Group gap={4} wrap="nowrap">
              <Tooltip label={`Previous ${calendar}`}>
                <ActionIcon variant="default" size="lg" aria-label={`Previous ${calendar}`} onClick={() => step(-1)}>
                  <IconChevronLeft size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={`Next ${calendar}`}>
                <ActionIcon variant="default" size="lg" aria-label={`Next ${calendar}`} onClick={() => step(1)}>
                  <IconChevronRight size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          ) : (
            <DatePickerInput
              type="range"
              aria-label="Custom period"
              placeholder="First and last day"
              valueFormat="D MMM YYYY"
              allowSingleDateInRange
              value={range}
              onChange={(v) => {
                setRange(v);
                if (v[0] && v[1]) update({ from: v[0], to: v[1] });
              }}
              w={240}
            />
          )}
        </Group>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <OwnerSelect
            aria-label="Owner"
            placeholder="All owners"
            clearable
            withMe
            withNone
            value={params.owner_id ?? null}
            onChange={(v) => update({ owner_id: v })}
            w={150}
          />
          <Select
            aria-label="Team"
            placeholder="All teams"
            clearable
            searchable
            data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
            value={params.team_id ?? null}
            onChange={(v) => update({ team_id: v })}
            w={140}
          />
          {withPipeline && (
            <Select
              aria-label="Pipeline"
              placeholder="All pipelines"
              clearable
              data={pipelineData}
              value={params.pipeline_id ?? null}
              onChange={(v) => update({ pipeline_id: v })}
              w={160}
            />
          )}
        </Group>
      </Group>
      {resolved && (
        <Text size="sm" mt="xs" data-testid="period-range">
          <b>{formatRange(resolved.from, resolved.to)}</b>
          <Text span c="dimmed" size="sm">
            {' '}
            · compared with {formatRange(resolved.previous_from, resolved.previous_to)} · days in {resolved.time_zone}
          </Text>
        </Text>
      )}
    </Paper>
  );
}
