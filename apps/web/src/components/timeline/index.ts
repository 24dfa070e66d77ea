/** The unified record timeline (issue 5): shared by the lead, deal, contact and company detail pages. */
export { RecordTabs } from './RecordTabs';
export { RecordTimeline } from './RecordTimeline';
export { timelineKeys, type TimelineRecord } from './timeline-api';
