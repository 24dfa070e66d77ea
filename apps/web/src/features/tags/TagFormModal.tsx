import { Button, ColorInput, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CreateTagBody, UpdateTagBody } from '@relata/shared';
import { contractResolver, setServerFieldErrors } from '../../components/forms';
import { notifySuccess } from '../../components/notify';
import { RecordFormError } from '../../components/records/record-form';
import type { TagWire } from '../../components/records/types';
import { useCreateTagFull, useUpdateTag } from './tags-api';

/** Colours offered by the tag colour picker (Mantine's palette, shade 6). */
export const TAG_SWATCHES = [
  '#868e96',
  '#fa5252',
  '#e64980',
  '#be4bdb',
  '#7950f2',
  '#4c6ef5',
  '#228be6',
  '#15aabf',
  '#12b886',
  '#40c057',
  '#82c91e',
  '#fab005',
  '#fd7e14',
];
const FIELDS = ['name', 'color'] as const;

function TagForm({ tag, onDone }: { tag?: TagWire; onDone: () => void }) {
  const create = useCreateTagFull();
  const update = useUpdateTag();
  const mutation = tag ? update : create;
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: tag?.name ?? '', color: tag?.color ?? '#228be6' },
    validate: contractResolver(tag ? UpdateTagBody : CreateTagBody),
  });
  const submit = form.onSubmit((values) => {
    const handlers = {
      onSuccess: (saved: TagWire) => {
        notifySuccess(tag ? `Tag ${saved.name} saved` : `Tag ${saved.name} created`);
        onDone();
      },
      onError: (err: unknown) => setServerFieldErrors(form, err, FIELDS),
    };
    if (tag) update.mutate({ id: tag.id, version: tag.version, ...values }, handlers);
    else create.mutate(values, handlers);
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <RecordFormError
          error={mutation.error}
          what="tag"
          fields={FIELDS}
          onReload={onDone}
          duplicate={() => ({ label: 'This name', href: '/settings/tags', name: 'another tag' })}
        />
        <TextInput label="Name" required data-autofocus maxLength={50} {...form.getInputProps('name')} />
        <ColorInput
          label="Colour"
          format="hex"
          swatches={TAG_SWATCHES}
          swatchesPerRow={7}
          withEyeDropper={false}
          {...form.getInputProps('color')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {tag ? 'Save' : 'Create tag'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "New tag" / "Edit tag": name and colour. */
export function TagFormModal({ opened, tag, onClose }: { opened: boolean; tag?: TagWire; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={tag ? `Edit tag ${tag.name}` : 'New tag'}>
      <TagForm key={tag?.id ?? 'new'} tag={tag} onDone={onClose} />
    </Modal>
  );
}
