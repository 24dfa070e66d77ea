import { Card, Stack, Title } from '@mantine/core';
import { ImportEntity, roleAtLeast } from '@relata/shared';
import { useNavigate, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useRole } from '../../components/session';
import { ImportHistory } from './ImportHistory';
import { ImportWizard } from './ImportWizard';
import { UploadStep } from './UploadStep';

/**
 * Settings → Import (`/settings/import`): a new import (entity preset by `?entity=`, as the list
 * pages link it) above the history of past imports; `?id=` opens one import in the wizard.
 * Viewers see the history only.
 */
export function ImportsPage({ pollMs }: { pollMs?: number }) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const id = params.get('id');
  if (id) return <ImportWizard key={id} id={id} pollMs={pollMs} />;
  const entity = ImportEntity.safeParse(params.get('entity'));
  return (
    <>
      <PageHeader
        title="Import"
        description="Bring records in from a CSV, Excel or vCard file: map the columns, check every row with a dry run, then import — and revert if needed."
      />
      <Stack gap="xl">
        {canWrite && (
          <Card withBorder radius="md" component="section" aria-labelledby="new-import-title">
            <Title order={2} size="h4" id="new-import-title" mb="sm">
              New import
            </Title>
            <UploadStep
              key={entity.success ? entity.data : 'none'}
              initialEntity={entity.success ? entity.data : 'contacts'}
              onUploaded={(imp) => void navigate(`/settings/import?id=${imp.id}`)}
            />
          </Card>
        )}
        <section aria-labelledby="import-history-title">
          <Title order={2} size="h4" id="import-history-title" mb="sm">
            Past imports
          </Title>
          <ImportHistory />
        </section>
      </Stack>
    </>
  );
}
