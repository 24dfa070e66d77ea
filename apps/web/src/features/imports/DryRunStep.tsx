import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconDownload, IconPlayerPlay } from '@tabler/icons-react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { issuesCsvUrl, type ImportWire, useImportAction } from './imports-api';
import { IssuesTable } from './IssuesTable';
import { ProgressPanel, Stat } from './ProgressPanel';

/**
 * What the run would create besides the rows. Unknown owners are created only with "Create inactive
 * members" (`unknown_owners: create_inactive`); otherwise they are listed as left unassigned.
 */
function Related({ imp }: { imp: ImportWire }) {
  const r = imp.dry_run?.would_create_related;
  if (!r) return null;
  const createsOwners = imp.options.unknown_owners === 'create_inactive';
  const parts = [
    r.companies ? `${r.companies} compan${r.companies === 1 ? 'y' : 'ies'}` : null,
    r.stages.length ? `stages ${r.stages.join(', ')}` : null,
    r.tags.length ? `tags ${r.tags.join(', ')}` : null,
    createsOwners && r.owners.length
      ? `${r.owners.length} inactive member${r.owners.length === 1 ? '' : 's'} (${r.owners.join(', ')})`
      : null,
  ].filter(Boolean);
  const unassigned = !createsOwners && r.owners.length ? r.owners : [];
  if (!parts.length && !unassigned.length) return null;
  return (
    <Stack gap={2}>
      {parts.length > 0 && (
        <Text size="sm" c="dimmed">
          It would also create {parts.join('; ')}.
        </Text>
      )}
      {createsOwners && r.owners.length > 0 && (
        <Text size="xs" c="dimmed">
          Inactive members cannot sign in; invite them from Settings → Members to activate them with their records.
        </Text>
      )}
      {unassigned.length > 0 && (
        <Text size="sm" c="dimmed">
          Rows owned by {unassigned.join(', ')} (not members) would be left unassigned.
        </Text>
      )}
    </Stack>
  );
}

/**
 * Step 3: while the dry run works, a progress bar (the import is polled); then what a run would do
 * (create / update / skip / fail, warnings, related records), the row issues (paged; downloadable
 * as CSV), "Back to mapping" (`onBack`) and "Run import".
 */
export function DryRunStep({ imp, onBack }: { imp: ImportWire; onBack: () => void }) {
  const action = useImportAction(imp.id);
  if (imp.status === 'dry_running')
    return (
      <Card withBorder radius="md">
        <ProgressPanel imp={imp} label="Checking every row…" counts={false} />
      </Card>
    );
  const d = imp.dry_run;
  const failing = d?.failing ?? 0;
  return (
    <Stack gap="md">
      <Card withBorder radius="md" component="section" aria-labelledby="dry-run-title">
        <Title order={2} size="h4" id="dry-run-title" mb="sm">
          Dry run result
        </Title>
        {d ? (
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
              <Stat label="Would create" value={d.would_create} color="teal" />
              <Stat label="Would update" value={d.would_update} color="blue" />
              <Stat label="Would skip" value={d.would_skip} />
              <Stat label="Would fail" value={failing} color={failing ? 'red' : undefined} />
              <Stat label="Warnings" value={d.warnings} color={d.warnings ? 'yellow.8' : undefined} />
            </SimpleGrid>
            <Related imp={imp} />
            {failing > 0 && (
              <Alert color="orange" variant="light">
                {failing.toLocaleString()} row{failing === 1 ? '' : 's'} would fail and be left out. Fix the file or the
                mapping and try again, or run the import without them.
              </Alert>
            )}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            No dry-run result.
          </Text>
        )}
      </Card>
      <Card withBorder radius="md" component="section" aria-labelledby="issues-title">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4" id="issues-title">
            Issues
          </Title>
          {d && d.failing + d.warnings > 0 && (
            <Anchor href={issuesCsvUrl(imp.id)} download size="sm">
              <Group gap={4}>
                <IconDownload size={16} />
                Download issues as CSV
              </Group>
            </Anchor>
          )}
        </Group>
        <IssuesTable importId={imp.id} />
      </Card>
      <ErrorAlert error={action.error} title="Could not start the import" />
      <Group justify="space-between">
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onBack}>
          Back to mapping
        </Button>
        <Button
          leftSection={<IconPlayerPlay size={16} />}
          onClick={() => action.mutate('run')}
          loading={action.isPending}
          disabled={!!d && d.would_create + d.would_update === 0}
        >
          Run import
        </Button>
      </Group>
    </Stack>
  );
}
