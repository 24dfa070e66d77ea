/**
 * The unified record timeline (issue 5): shared by the lead, deal, contact and company detail
 * pages; and the activity status transitions with the "Complete activity" dialog, shared with the
 * Activities page.
 */
export { CompleteActivityDialog, type CompletingActivity, OUTCOME_MAX_LENGTH } from './CompleteActivityDialog';
export { RecordTabs } from './RecordTabs';
export { RecordTimeline } from './RecordTimeline';
export {
  type ActivityTransition,
  type ActivityTransitionInput,
  timelineKeys,
  refreshAfterWrite,
  type TimelineRecord,
  useActivityTransition,
  useCreateActivity,
} from './timeline-api';
