import { Button, Group, Modal } from '@mantine/core';
import { IconCalendarPlus, IconChecklist, IconNote, IconPhoneCall } from '@tabler/icons-react';
import { useState } from 'react';
import { AddTaskForm, LogCallForm, ScheduleMeetingForm, WriteNoteForm } from './quick-add-forms';
import type { TimelineRecord } from './timeline-api';

type Kind = 'call' | 'meeting' | 'task' | 'note';

const KINDS: { kind: Kind; label: string; icon: typeof IconNote }[] = [
  { kind: 'call', label: 'Log a call', icon: IconPhoneCall },
  { kind: 'meeting', label: 'Schedule a meeting', icon: IconCalendarPlus },
  { kind: 'task', label: 'Add a task', icon: IconChecklist },
  { kind: 'note', label: 'Write a note', icon: IconNote },
];

/**
 * The quick-add bar above a record's timeline: "Log a call", "Schedule a meeting", "Add a task" and
 * "Write a note", each opening its form in a dialog; what it creates is linked to `record`.
 */
export function QuickAddBar({ record }: { record: TimelineRecord }) {
  const [open, setOpen] = useState<Kind | null>(null);
  const close = () => setOpen(null);
  const current = KINDS.find((k) => k.kind === open);
  return (
    <>
      <Group gap="xs" wrap="wrap" role="toolbar" aria-label="Add to the timeline">
        {KINDS.map(({ kind, label, icon: Icon }) => (
          <Button key={kind} size="xs" variant="light" leftSection={<Icon size={16} />} onClick={() => setOpen(kind)}>
            {label}
          </Button>
        ))}
      </Group>
      <Modal
        opened={open !== null}
        onClose={close}
        title={current?.label}
        centered
        size={open === 'note' ? 'lg' : 'md'}
      >
        {open === 'call' && <LogCallForm record={record} onDone={close} />}
        {open === 'meeting' && <ScheduleMeetingForm record={record} onDone={close} />}
        {open === 'task' && <AddTaskForm record={record} onDone={close} />}
        {open === 'note' && <WriteNoteForm record={record} onDone={close} />}
      </Modal>
    </>
  );
}
