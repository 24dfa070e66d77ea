import { Button, Group, Popover, Stack } from '@mantine/core';
import { IconUserShare } from '@tabler/icons-react';
import { useState } from 'react';
import { OWNER_NONE, OwnerSelect } from './OwnerSelect';

/** "Assign owner": a popover to pick a member (or nobody); `onAssign` gets the membership id or null. */
export function AssignOwnerButton({
  current,
  onAssign,
  busy,
}: {
  current: { id: string; name: string } | null;
  onAssign: (ownerId: string | null) => void;
  busy: boolean;
}) {
  const [opened, setOpened] = useState(false);
  const [value, setValue] = useState<string | null>(current?.id ?? OWNER_NONE);
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" width={280} trapFocus>
      <Popover.Target>
        <Button
          variant="default"
          leftSection={<IconUserShare size={16} />}
          loading={busy}
          onClick={() => {
            setValue(current?.id ?? OWNER_NONE);
            setOpened((o) => !o);
          }}
        >
          Assign owner
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          <OwnerSelect
            label="Owner"
            withNone
            current={current}
            value={value}
            onChange={setValue}
            comboboxProps={{ withinPortal: false }}
            data-autofocus
          />
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button
              size="xs"
              disabled={!value}
              onClick={() => {
                setOpened(false);
                onAssign(value === OWNER_NONE ? null : value);
              }}
            >
              Assign
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
