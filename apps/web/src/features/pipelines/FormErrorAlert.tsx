import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertCircle, IconRefresh } from '@tabler/icons-react';
import { ApiError } from '../../components/api';

/**
 * The error of a pipeline or stage form, inline: a stale version (412) with a reload button, a rule the
 * pipeline must keep (422) or a conflict (409) in the server's words. Null for issues already shown on
 * `fields` (validation errors and taken names).
 */
export function FormErrorAlert({
  error,
  fields,
  onReload,
}: {
  error: unknown;
  fields: readonly string[];
  onReload?: () => void;
}) {
  if (!error) return null;
  if (error instanceof ApiError) {
    const onFields =
      error.issues.length > 0 && error.issues.every((i) => fields.includes(i.path.replace(/^body\./, '')));
    if (onFields && (error.code === 'validation_error' || error.status === 409)) return null;
    if (error.status === 412) {
      return (
        <Alert color="orange" role="alert" title="Changed by someone else" icon={<IconRefresh size={18} />}>
          <Group justify="space-between" gap="sm">
            <Text size="sm">Someone changed this while you were editing. Reload to see their change.</Text>
            {onReload && (
              <Button size="xs" variant="white" color="orange" onClick={onReload}>
                Reload
              </Button>
            )}
          </Group>
        </Alert>
      );
    }
  }
  const title =
    error instanceof ApiError && error.status === 422
      ? 'Not allowed'
      : error instanceof ApiError && error.status === 409
        ? 'Conflict'
        : 'Could not save';
  return (
    <Alert color="red" role="alert" title={title} icon={<IconAlertCircle size={18} />}>
      <Text size="sm">{error instanceof Error ? error.message : 'Something went wrong'}</Text>
    </Alert>
  );
}
