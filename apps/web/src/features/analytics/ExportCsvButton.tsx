import { Button } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { notifyError } from '../../components/notify';
import { downloadCsv, type ReportName } from './analytics-api';
import type { AnalyticsParams } from './analytics-params';

/** "Export CSV" of `report` with the page's params (and `extra`, e.g. the forecast's `group_by`); a loader while it runs. */
export function ExportCsvButton({
  report,
  params,
  extra,
  label,
}: {
  report: ReportName;
  params: AnalyticsParams;
  extra?: Record<string, string>;
  /** Accessible name, e.g. "Export the rep table as CSV". */
  label: string;
}) {
  const [running, setRunning] = useState(false);
  const run = async () => {
    setRunning(true);
    try {
      await downloadCsv(report, params, extra);
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
