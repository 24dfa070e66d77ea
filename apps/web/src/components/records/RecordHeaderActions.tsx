import { Button, Group } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { AssignOwnerButton } from './AssignOwnerButton';

/**
 * The actions in the header of a record without a pipeline (company, contact): "Edit" (`onEdit`),
 * "Assign owner" (`owner` is the current one, `onAssign` gets the membership id or null, `assigning`
 * shows it busy) and "Delete" (`onDelete`, which is expected to confirm; `deleting` shows it busy).
 */
export function RecordHeaderActions({
  onEdit,
  owner,
  onAssign,
  assigning,
  onDelete,
  deleting,
}: {
  onEdit: () => void;
  owner: { id: string; name: string } | null;
  onAssign: (ownerId: string | null) => void;
  assigning: boolean;
  onDelete: () => void;
  deleting: boolean;
}) {
  return (
    <Group gap="sm">
      <Button leftSection={<IconPencil size={16} />} onClick={onEdit}>
        Edit
      </Button>
      <AssignOwnerButton current={owner} busy={assigning} onAssign={onAssign} />
      <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={onDelete} loading={deleting}>
        Delete
      </Button>
    </Group>
  );
}
