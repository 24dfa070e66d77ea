import { Button } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { notifyError } from '../../components/notify';
import { downloadCsv, type ReportName } from './analytics-api';
import type { AnalyticsParams } from './analytics-params';

type Source =
  | { report: ReportName; params: AnalyticsParams; extra?: Record<string, string>; download?: never }
  /** Another CSV (e.g. a drill-down's records, `downloadRecordsCsv`). */
  | { download: () => Promise<void>; report?: never; params?: never; extra?: never };

/**
 * "Export CSV" of `report` with the page's params (and `extra`, e.g. the forecast's `group_by`), or
 * of whatever `download` fetches; a loader while it runs, a notification when it fails.
 */
export function ExportCsvButton({
  label,
  ...source
}: Source & {
  /** Accessible name, e.g. "Export the rep table as CSV". */
  label: string;
}) {
  const [running, setRunning] = useState(false);
  const run = async () => {
    setRunning(true);
    try {
      if (source.download) await source.download();
      else await downloadCsv(source.report, source.params, source.extra);
    } catch (err) {
      notifyError(err, 'Could not export the report');
    } finally {
      setRunning(false);
    }
  };
  return (
    <Button
      variant="default"
      size="xs"
      leftSection={<IconDownload size={14} />}
      loading={running}
      onClick={() => void run()}
      aria-label={label}
    >
      Export CSV
    </Button>
  );
}
