import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { TagSelect } from '../../components/records/TagPicker';
import type { TagWire } from '../../components/records/types';
import { useMergeTag } from './tags-api';

function uses(t: TagWire): string {
  const n = t.usage.companies + t.usage.contacts;
  return `${n} ${n === 1 ? 'record' : 'records'}`;
}

function MergeForm({ tag, onDone }: { tag: TagWire; onDone: () => void }) {
  const merge = useMergeTag();
  const [into, setInto] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  return (
    <Stack gap="md">
      <Text size="sm">
        Every company and contact tagged <b>{tag.name}</b> ({uses(tag)}) gets the tag you choose instead; then{' '}
        <b>{tag.name}</b> is deleted.
      </Text>
      <ErrorAlert error={merge.error} title="Could not merge the tags" />
      <TagSelect
        label="Merge into"
        placeholder="Choose a tag"
        value={into}
        onChange={(v) => {
          setInto(v === tag.id ? null : v);
          setConfirming(false);
        }}
        data-autofocus
      />
      {confirming && into && (
        <Alert color="red" variant="light" title="This cannot be undone">
          {tag.name} will be deleted after its uses move.
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        {confirming ? (
          <Button
            color="red"
            loading={merge.isPending}
            onClick={() =>
              into &&
              merge.mutate(
                { id: tag.id, into_id: into },
                {
                  onSuccess: (target) => {
                    notifySuccess(`${tag.name} was merged into ${target.name}`);
                    onDone();
                  },
                },
              )
            }
          >
            Merge and delete {tag.name}
          </Button>
        ) : (
          <Button disabled={!into} onClick={() => setConfirming(true)}>
            Merge…
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** "Merge tag": moves every use of `tag` onto another tag (asks to confirm), then deletes it. */
export function MergeTagModal({ tag, onClose }: { tag: TagWire | null; onClose: () => void }) {
  return (
    <Modal opened={Boolean(tag)} onClose={onClose} title={tag ? `Merge ${tag.name} into another tag` : 'Merge tag'}>
      {tag && <MergeForm key={tag.id} tag={tag} onDone={onClose} />}
    </Modal>
  );
}
