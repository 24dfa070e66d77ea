/**
 * Record forms and the server's answers: 400 issues placed on inputs (`body.email` → `email`,
 * `body.custom_fields.budget` → the Budget input), 409 duplicates linking to the record that
 * already holds the value, and 412 (someone saved first) offering a reload.
 */
import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconCopy } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api';
import { ErrorAlert } from '../ErrorAlert';
import { capitalise } from '../forms';

/** The form path of a server issue path, or null when no input shows it. */
export function issueField(
  path: string,
  fields: readonly string[],
  aliases: Record<string, string> = {},
): string | null {
  if (!path.startsWith('body.')) return null;
  const raw = path.slice(5);
  for (const [from, to] of Object.entries(aliases)) if (raw === from || raw.startsWith(`${from}.`)) return to;
  if (fields.includes(raw)) return raw;
  const cf = /^custom_fields\.([a-z][a-z0-9_]*)/.exec(raw);
  if (cf) return `custom_fields.${cf[1]}`;
  return null;
}

interface FieldErrorSink {
  setFieldError: (path: string, error: string) => void;
}

/** Puts the server's field issues on the form's inputs; returns how many it placed. */
export function placeServerIssues(
  form: FieldErrorSink,
  err: unknown,
  fields: readonly string[],
  aliases: Record<string, string> = {},
): number {
  if (!(err instanceof ApiError)) return 0;
  let placed = 0;
  for (const issue of err.issues) {
    const field = issueField(issue.path, fields, aliases);
    if (field) {
      form.setFieldError(field, capitalise(issue.message));
      placed++;
    }
  }
  return placed;
}

/** True for a 412: the record changed since the form loaded it. */
export const isStale = (err: unknown) => err instanceof ApiError && err.status === 412;

/** The id of the record that already holds a unique value (409 `details.existing_id`), if any. */
export function conflictId(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null;
  const id = err.details.existing_id;
  return typeof id === 'string' ? id : null;
}

/** "Someone else changed this … — Reload". */
export function StaleAlert({ what, onReload }: { what: string; onReload: () => void }) {
  return (
    <Alert
      color="yellow"
      title={`Someone else changed this ${what}`}
      role="alert"
      icon={<IconAlertTriangle size={18} />}
    >
      <Group justify="space-between" gap="sm">
        <Text size="sm">Reload to see the latest version, then make your change again.</Text>
        <Button size="xs" variant="white" onClick={onReload}>
          Reload
        </Button>
      </Group>
    </Alert>
  );
}

/**
 * The alert above a record form for `error`: a reload prompt for 412, "already used by <link>" for
 * a duplicate (409 with `existing_id`), nothing when every issue sits on an input, else the message.
 */
export function RecordFormError({
  error,
  what,
  fields,
  aliases,
  onReload,
  duplicate,
}: {
  error: unknown;
  /** "company", "contact". */
  what: string;
  fields: readonly string[];
  aliases?: Record<string, string>;
  onReload: () => void;
  /** For a 409: which value clashed and where the other record lives. */
  duplicate: (existingId: string, err: ApiError) => { label: ReactNode; href: string; name: string };
}) {
  if (!error) return null;
  if (isStale(error)) return <StaleAlert what={what} onReload={onReload} />;
  const existing = conflictId(error);
  if (existing && error instanceof ApiError) {
    const d = duplicate(existing, error);
    return (
      <Alert color="orange" title="Already in use" role="alert" icon={<IconCopy size={18} />}>
        <Text size="sm">
          {d.label} is already used by{' '}
          <Anchor component={Link} to={d.href} fw={600}>
            {d.name}
          </Anchor>
          .
        </Text>
      </Alert>
    );
  }
  if (
    error instanceof ApiError &&
    error.code === 'validation_error' &&
    error.issues.length > 0 &&
    error.issues.every((i) => issueField(i.path, fields, aliases) !== null)
  ) {
    return null;
  }
  return <ErrorAlert error={error} title={`Could not save the ${what}`} />;
}
