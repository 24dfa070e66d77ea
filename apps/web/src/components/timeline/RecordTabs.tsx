import { Tabs } from '@mantine/core';
import { IconInfoCircle, IconTimeline } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { RecordTimeline } from './RecordTimeline';
import type { TimelineRecord } from './timeline-api';

/**
 * "Details" and "Timeline" tabs of a record's detail page; `?tab=timeline` in the URL opens the
 * timeline (links and reloads keep it). The timeline mounts (and loads) only when its tab is open.
 */
export function RecordTabs({ record, children }: { record: TimelineRecord; children: ReactNode }) {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'timeline' ? 'timeline' : 'details';
  const select = (value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === 'timeline') next.set('tab', 'timeline');
        else next.delete('tab');
        return next;
      },
      { replace: true },
    );
  return (
    <Tabs value={tab} onChange={select} keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="details" leftSection={<IconInfoCircle size={16} />}>
          Details
        </Tabs.Tab>
        <Tabs.Tab value="timeline" leftSection={<IconTimeline size={16} />}>
          Timeline
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="details" pt="lg">
        {children}
      </Tabs.Panel>
      <Tabs.Panel value="timeline" pt="lg">
        <RecordTimeline record={record} />
      </Tabs.Panel>
    </Tabs>
  );
}
