/** Labels, colours and icons of the timeline's activities and entries. */
import type { ActivityPriority, ActivityStatus, ActivityType } from '@relata/shared';
import {
  IconArrowsExchange,
  IconCalendarEvent,
  IconChecklist,
  IconDots,
  IconGitMerge,
  IconMail,
  IconMessage,
  IconNote,
  IconPencil,
  IconPhone,
  IconPlus,
  IconProgress,
  IconTransform,
  type Icon,
} from '@tabler/icons-react';

/** Activity type → label. */
export const ACTIVITY_TYPE_LABELS: Record<ActivityType, string> = {
  call: 'Call',
  meeting: 'Meeting',
  email: 'Email',
  task: 'Task',
  note: 'Note',
  sms: 'SMS',
  other: 'Other',
};

/** Activity type → icon. */
export const ACTIVITY_TYPE_ICONS: Record<ActivityType, Icon> = {
  call: IconPhone,
  meeting: IconCalendarEvent,
  email: IconMail,
  task: IconChecklist,
  note: IconNote,
  sms: IconMessage,
  other: IconDots,
};

/** Activity status → label. */
export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** Activity status → badge colour. */
export const ACTIVITY_STATUS_COLORS: Record<ActivityStatus, string> = {
  planned: 'blue',
  in_progress: 'yellow',
  completed: 'teal',
  cancelled: 'gray',
};

/** Activity priority → label. */
export const ACTIVITY_PRIORITY_LABELS: Record<ActivityPriority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  urgent: 'Urgent',
};

/** Deal / lead status → label ("open", "won", "lost", "abandoned"). */
export const RECORD_STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  won: 'Won',
  lost: 'Lost',
  abandoned: 'Abandoned',
  converted: 'Converted',
};

/** Deal / lead status → colour. */
export const RECORD_STATUS_COLORS: Record<string, string> = {
  open: 'blue',
  won: 'teal',
  lost: 'red',
  abandoned: 'gray',
  converted: 'violet',
};

/** Icon and colour of the non-activity entry types. */
export const ENTRY_LOOKS = {
  created: { icon: IconPlus, color: 'blue' },
  stage_changed: { icon: IconArrowsExchange, color: 'indigo' },
  status_changed: { icon: IconProgress, color: 'grape' },
  field_changed: { icon: IconPencil, color: 'gray' },
  converted: { icon: IconTransform, color: 'violet' },
  merged: { icon: IconGitMerge, color: 'orange' },
  note: { icon: IconNote, color: 'yellow' },
} as const;
