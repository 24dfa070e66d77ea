/** Wire-shaped activities for this feature's component tests. */
import type { ActivityWire } from './activities-api';

/** A planned task due at `due_at` (UTC), linked to the deal "Globex renewal"; `extra` overrides. */
export function activity(n: number, subject: string, extra: Partial<ActivityWire> = {}): ActivityWire {
  return {
    id: `01900000-0000-7000-8000-d${String(n).padStart(11, '0')}`,
    type: 'task',
    subject,
    description: null,
    status: 'planned',
    due_at: '2026-03-10T14:00:00.000Z',
    duration_minutes: 30,
    all_day: false,
    priority: 'medium',
    outcome: null,
    call_direction: null,
    recording_url: null,
    location: null,
    assignee_id: '01900000-0000-7000-8000-000000000100',
    assignee: { id: '01900000-0000-7000-8000-000000000100', name: 'Ada Lovelace' },
    created_by: { id: '01900000-0000-7000-8000-000000000002', name: 'Ada Lovelace' },
    links: [{ type: 'deal', id: '01900000-0000-7000-8000-e00000000001', name: 'Globex renewal' }],
    completed_at: null,
    remind_at: null,
    created_at: '2026-03-01T10:00:00.000Z',
    updated_at: '2026-03-01T10:00:00.000Z',
    version: 3,
    ...extra,
  };
}
