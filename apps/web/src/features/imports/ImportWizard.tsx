import { Anchor, Badge, Center, Group, Loader, Stack, Stepper, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { DryRunStep } from './DryRunStep';
import { type ImportWire, useImport } from './imports-api';
import { ENTITY_LABELS, STATUS_COLORS, STATUS_LABELS } from './labels';
import { MappingStep } from './MappingStep';
import { RunStep } from './RunStep';

/** Which step an import is at: 1 mapping, 2 dry run, 3 run (0, the upload, is behind it). */
function stepOf(imp: ImportWire, backAt: number | null): number {
  if (imp.status === 'uploaded') return 1;
  if (imp.status === 'validated' && backAt === imp.version) return 1;
  if (imp.status === 'dry_running' || imp.status === 'validated') return 2;
  return 3;
}

/**
 * One import (`/settings/import?id=`): a stepper (upload ✓, map columns, dry run, import) over the
 * step its status is at, polled while a job works on it. `pollMs` is for tests.
 */
export function ImportWizard({ id, pollMs }: { id: string; pollMs?: number }) {
  const q = useImport(id, pollMs);
  const [backAt, setBackAt] = useState<number | null>(null);
  if (q.isPending)
    return (
      <Center py="xl">
        <Loader aria-label="Loading the import" />
      </Center>
    );
  if (q.error)
    return (
      <>
        <PageHeader title="Import" />
        <ErrorAlert error={q.error} title="Could not load the import" onRetry={() => void q.refetch()} />
      </>
    );
  const imp = q.data;
  const step = stepOf(imp, backAt);
  return (
    <>
      <PageHeader
        title={`Import ${imp.file.name}`}
        description={
          <Group gap="xs" component="span">
            <Badge
              component="span"
              color={STATUS_COLORS[imp.status]}
              variant="light"
              tt="none"
              data-testid="import-status"
            >
              {STATUS_LABELS[imp.status]}
            </Badge>
            <Text span size="sm" c="dimmed">
              {ENTITY_LABELS[imp.entity]} · uploaded {formatDateTime(imp.created_at)}
              {imp.created_by ? ` by ${imp.created_by.name}` : ''}
            </Text>
          </Group>
        }
        actions={
          <Anchor component={Link} to="/settings/import" size="sm">
            <Group gap={4}>
              <IconArrowLeft size={14} />
              All imports
            </Group>
          </Anchor>
        }
      />
      <Stack gap="lg">
        <Stepper
          active={imp.status === 'completed' || imp.status === 'reverted' ? 4 : step}
          size="sm"
          allowNextStepsSelect={false}
          aria-label="Import steps"
        >
          <Stepper.Step label="Upload" description={`${imp.file.row_count.toLocaleString()} rows`} />
          <Stepper.Step label="Map columns" description="Fields and options" />
          <Stepper.Step label="Dry run" description="Check every row" />
          <Stepper.Step label="Import" description="Write and review" />
        </Stepper>
        {step === 1 && <MappingStep key={imp.id} imp={imp} />}
        {step === 2 && <DryRunStep imp={imp} onBack={() => setBackAt(imp.version)} />}
        {step === 3 && <RunStep imp={imp} />}
      </Stack>
    </>
  );
}
