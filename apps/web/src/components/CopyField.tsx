import { ActionIcon, Code, CopyButton, Group, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

/** A secret or link shown in monospace with a copy-to-clipboard button labelled `copyLabel`. */
export function CopyField({ value, copyLabel }: { value: string; copyLabel: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="copy-value">
        {value}
      </Code>
      <CopyButton value={value} timeout={2000}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : copyLabel} withArrow position="left">
            <ActionIcon
              color={copied ? 'teal' : 'gray'}
              variant="light"
              size="lg"
              onClick={copy}
              aria-label={copied ? 'Copied' : copyLabel}
            >
              {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
