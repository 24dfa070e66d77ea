/**
 * Form helpers around the shared Zod contracts: the same schema the API validates with checks the
 * form in the browser, and the server's field issues (`body.<field>`) land on the matching inputs.
 */
import type { FormErrors } from '@mantine/form';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { z } from 'zod';
import { ApiError } from './api';

// Friendlier wording for Zod's generic messages where a contract gives none of its own
// (e.g. `current_password: z.string().min(1)`); messages set in the contracts win.
z.config({
  customError: (issue) => {
    if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return 'is required';
    if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
    return undefined;
  },
});

/** A server or contract message as shown under an input: first letter upper-case. */
export const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/**
 * Field errors of `body` against `schema` (the server's contract), for forms whose values are not the
 * body itself: the first issue of each top-level body field, renamed by `aliases` (body field → form
 * field), capitalised; limited to `fields` when given.
 */
export function contractErrors(
  schema: z.ZodType,
  body: unknown,
  options: { fields?: readonly string[]; aliases?: Record<string, string> } = {},
): FormErrors {
  const result = schema.safeParse(body);
  if (result.success) return {};
  const errors: FormErrors = {};
  for (const issue of result.error.issues) {
    const head = String(issue.path[0] ?? '');
    const field = options.aliases?.[head] ?? head;
    if (!field || errors[field] || (options.fields && !options.fields.includes(field))) continue;
    errors[field] = capitalise(issue.message);
  }
  return errors;
}

/** A @mantine/form `validate` function from a shared contract, with messages capitalised for display. */
export function contractResolver<Values>(schema: z.ZodType): (values: Values) => FormErrors {
  const resolve = zod4Resolver(schema);
  return (values) => {
    const errors = resolve(values as Record<string, unknown>);
    return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, typeof v === 'string' ? capitalise(v) : v]));
  };
}

interface FieldErrorSink {
  setFieldError: (path: string, error: string) => void;
}

/** Puts the server's `body.<field>` issues on `fields` of the form; returns how many it placed. */
export function setServerFieldErrors(form: FieldErrorSink, err: unknown, fields: readonly string[]): number {
  if (!(err instanceof ApiError)) return 0;
  let placed = 0;
  for (const issue of err.issues) {
    const field = issue.path.startsWith('body.') ? issue.path.slice('body.'.length) : null;
    if (field && fields.includes(field)) {
      form.setFieldError(field, capitalise(issue.message));
      placed++;
    }
  }
  return placed;
}

/**
 * The error to show above a form: null when it was a validation failure whose every issue sits on
 * one of `fields` (the inputs already say what is wrong), else the error itself.
 */
export function formLevelError(err: unknown, fields: readonly string[]): Error | null {
  if (!err) return null;
  if (err instanceof ApiError && err.code === 'validation_error' && err.issues.length > 0) {
    const allPlaced = err.issues.every((i) => i.path.startsWith('body.') && fields.includes(i.path.slice(5)));
    if (allPlaced) return null;
  }
  return err instanceof Error ? err : new Error('Something went wrong');
}
